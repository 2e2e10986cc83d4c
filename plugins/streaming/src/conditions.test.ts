import { isStreamingAvailable } from './conditions';
import { ordersServiceEntity, plainEntity } from './testUtils/fixtures';

function withAnnotations(annotations: Record<string, string>) {
  return { ...plainEntity, metadata: { ...plainEntity.metadata, annotations } };
}

describe('isStreamingAvailable', () => {
  it('is true for an entity with streaming annotations', () => {
    expect(isStreamingAvailable(ordersServiceEntity)).toBe(true);
  });

  it.each([
    'aws.amazon.com/amazon-msk-cluster-arn',
    'aws.amazon.com/amazon-msk-topics',
    'aws.amazon.com/amazon-managed-flink-application-arn',
  ])('is true when only %s is set', annotation => {
    expect(isStreamingAvailable(withAnnotations({ [annotation]: 'x' }))).toBe(
      true,
    );
  });

  it('is false without annotations', () => {
    expect(isStreamingAvailable(plainEntity)).toBe(false);
  });

  it('is false for blank values and unrelated annotations', () => {
    expect(
      isStreamingAvailable(
        withAnnotations({
          'aws.amazon.com/amazon-msk-cluster-arn': '  ',
          'backstage.io/techdocs-ref': 'dir:.',
        }),
      ),
    ).toBe(false);
  });
});
