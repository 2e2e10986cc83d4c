import { consumerGroupArnFor, parseStreamingArn, topicArnFor } from './arn';
import {
  hasStreamingAnnotations,
  matchesTagSelector,
  parseTagSelector,
  splitAnnotationValue,
} from './annotations';

describe('parseStreamingArn', () => {
  it('parses an MSK cluster ARN', () => {
    expect(
      parseStreamingArn(
        'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
      ),
    ).toEqual({
      kind: 'kafka-cluster',
      arn: 'arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
      partition: 'aws',
      region: 'us-east-1',
      accountId: '111111111111',
      clusterName: 'orders-standard',
      clusterUuid: '7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1',
    });
  });

  it('parses a topic ARN and a Flink application ARN', () => {
    expect(
      parseStreamingArn(
        'arn:aws:kafka:eu-west-1:222222222222:topic/c1/uuid-1/orders.created',
      ),
    ).toMatchObject({
      kind: 'kafka-topic',
      clusterName: 'c1',
      topicName: 'orders.created',
    });
    expect(
      parseStreamingArn(
        'arn:aws-cn:kinesisanalytics:cn-north-1:222222222222:application/app-1',
      ),
    ).toMatchObject({
      kind: 'flink-application',
      applicationName: 'app-1',
      partition: 'aws-cn',
    });
  });

  it('parses a consumer-group ARN, keeping a group id with slashes whole', () => {
    expect(
      parseStreamingArn(
        'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/7d1a9c2e-1/orders-fulfilment',
      ),
    ).toEqual({
      kind: 'consumer-group',
      arn: 'arn:aws:kafka:us-east-1:111111111111:group/orders-standard/7d1a9c2e-1/orders-fulfilment',
      partition: 'aws',
      region: 'us-east-1',
      accountId: '111111111111',
      clusterName: 'orders-standard',
      clusterUuid: '7d1a9c2e-1',
      groupName: 'orders-fulfilment',
    });
    expect(
      parseStreamingArn(
        'arn:aws:kafka:us-east-1:111111111111:group/c/u-1/team/a-group',
      ),
    ).toMatchObject({ kind: 'consumer-group', groupName: 'team/a-group' });
  });

  it('parses the ARN consumerGroupArnFor builds', () => {
    const arn = consumerGroupArnFor(
      'arn:aws:kafka:us-east-1:111111111111:cluster/c/u-1',
      'g',
    );
    expect(arn).toBe('arn:aws:kafka:us-east-1:111111111111:group/c/u-1/g');
    expect(parseStreamingArn(arn!)).toMatchObject({
      kind: 'consumer-group',
      clusterName: 'c',
      clusterUuid: 'u-1',
      groupName: 'g',
    });
  });

  it.each([
    'arn:aws:kafka:us-east-1:111111111111:group/c/u-1',
    'arn:aws:kafka:us-east-1:111111111111:group/c//g',
    'arn:aws:kafka:us-east-1:111111111111:group//u-1/g',
    'orders-standard',
    'arn:aws:kafka:us-east-1:1111:cluster/a/b',
    'arn:aws:kafka:us-east-1:111111111111:cluster/only-name',
    'arn:aws:s3:::bucket',
    'arn:aws:kinesisanalytics:us-east-1:111111111111:application/',
    'arn:aws:kafka:useast1:111111111111:cluster/a/b',
  ])('rejects %s', value => {
    expect(parseStreamingArn(value)).toBeUndefined();
  });

  it('builds the topic ARN of a cluster', () => {
    expect(
      topicArnFor('arn:aws:kafka:us-east-1:111111111111:cluster/c/u-1', 't'),
    ).toBe('arn:aws:kafka:us-east-1:111111111111:topic/c/u-1/t');
    expect(topicArnFor('not-an-arn', 't')).toBeUndefined();
  });
});

describe('annotations', () => {
  it('splits comma-separated values and drops blanks', () => {
    expect(splitAnnotationValue(' a, ,b ,c,')).toEqual(['a', 'b', 'c']);
    expect(splitAnnotationValue(undefined)).toEqual([]);
  });

  it('knows whether an entity has streaming annotations', () => {
    expect(
      hasStreamingAnnotations({
        metadata: {
          annotations: { 'aws.amazon.com/amazon-msk-topics': 'c/t' },
        },
      }),
    ).toBe(true);
    expect(
      hasStreamingAnnotations({
        metadata: {
          annotations: { 'aws.amazon.com/amazon-msk-cluster-arn': '  ' },
        },
      }),
    ).toBe(false);
    expect(hasStreamingAnnotations({ metadata: {} })).toBe(false);
  });
});

describe('tag selectors', () => {
  it('splits each entry on its first =', () => {
    expect(
      parseTagSelector('team=orders, env=prod,query=a=b,=x,novalue'),
    ).toEqual({
      tags: { team: 'orders', env: 'prod', query: 'a=b' },
      malformed: ['=x', 'novalue'],
    });
  });

  it('matches only assets carrying every tag', () => {
    expect(
      matchesTagSelector({ team: 'orders', env: 'prod' }, { team: 'orders' }),
    ).toBe(true);
    expect(
      matchesTagSelector({ team: 'orders' }, { team: 'orders', env: 'prod' }),
    ).toBe(false);
    expect(matchesTagSelector({ team: 'orders' }, {})).toBe(false);
  });
});
