import {
  KubernetesValidatorFunctions,
  parseEntityRef,
} from '@backstage/catalog-model';
import { streamingEntityRef } from '@backstage-streaming/plugin-streaming-common';
import {
  ENRICHER_APP,
  estate,
  FULFILMENT_GROUP,
  LEGACY_CLUSTER,
  LEGACY_TOPIC,
  ORDERS_CLUSTER,
  ORDERS_TOPIC,
  SHIPPED_TOPIC,
} from '../__testUtils__/fakeFeed';
import { assetToEntity, EntityShaping } from './assetToEntity';

const shaping: EntityShaping = {
  defaultOwner: 'group:default/platform-unowned',
  systemTagKey: 'system',
  assetTypes: [
    'kafka-cluster',
    'kafka-topic',
    'consumer-group',
    'flink-application',
  ],
};
const asset = (arn: string) => estate().find(a => a.arn === arn)!;
const ordersTags = asset(ORDERS_CLUSTER).tags;

describe('assetToEntity', () => {
  it.each([
    ['kafka-cluster', ORDERS_CLUSTER],
    ['kafka-topic', ORDERS_TOPIC],
    ['kafka-consumer-group', FULFILMENT_GROUP],
    ['flink-application', ENRICHER_APP],
  ])('writes a %s Resource', (specType, arn) => {
    const entity = assetToEntity(
      asset(arn),
      shaping,
      asset(arn).clusterArn ? ordersTags : undefined,
    );
    expect(entity.spec?.type).toBe(specType);
    expect(
      KubernetesValidatorFunctions.isValidObjectName(entity.metadata.name),
    ).toBe(true);
    expect(entity).toMatchSnapshot();
  });

  it('points spec.dependsOn at the Resources of what the asset depends on', () => {
    expect(assetToEntity(asset(ORDERS_TOPIC), shaping).spec?.dependsOn).toEqual(
      [streamingEntityRef(ORDERS_CLUSTER)],
    );
    expect(
      assetToEntity(asset(FULFILMENT_GROUP), shaping).spec?.dependsOn,
    ).toEqual([streamingEntityRef(ORDERS_TOPIC)]);
    expect(assetToEntity(asset(ENRICHER_APP), shaping).spec?.dependsOn).toEqual(
      [streamingEntityRef(ORDERS_TOPIC), streamingEntityRef(SHIPPED_TOPIC)],
    );
  });

  it('leaves out dependencies on asset types that are not ingested', () => {
    const clustersAndApps = {
      ...shaping,
      assetTypes: [
        'kafka-cluster',
        'flink-application',
      ] as EntityShaping['assetTypes'],
    };
    expect(
      assetToEntity(asset(ENRICHER_APP), clustersAndApps).spec,
    ).not.toHaveProperty('dependsOn');
  });

  it("uses the inventory's owner, with no unowned annotation", () => {
    const entity = assetToEntity(asset(ORDERS_TOPIC), shaping, ordersTags);
    expect(entity.spec?.owner).toBe('group:default/team-orders');
    expect(entity.metadata.annotations).not.toHaveProperty(
      'streaming.backstage.io/unowned',
    );
  });

  it('gives an asset without an owner the default owner and says it is unowned', () => {
    for (const arn of [LEGACY_CLUSTER, LEGACY_TOPIC]) {
      const entity = assetToEntity(asset(arn), shaping);
      expect(entity.spec?.owner).toBe('group:default/platform-unowned');
      expect(
        entity.metadata.annotations?.['streaming.backstage.io/unowned'],
      ).toBe('true');
    }
  });

  it("takes spec.system from the asset's tag, else its cluster's, and only when it is a valid ref", () => {
    expect(assetToEntity(asset(ORDERS_CLUSTER), shaping).spec?.system).toBe(
      'orders',
    );
    expect(
      assetToEntity(asset(ORDERS_TOPIC), shaping, ordersTags).spec?.system,
    ).toBe('orders');
    expect(assetToEntity(asset(ORDERS_TOPIC), shaping).spec).not.toHaveProperty(
      'system',
    );
    const tagged = (system: string) =>
      assetToEntity({ ...asset(ENRICHER_APP), tags: { system } }, shaping).spec
        ?.system;
    expect(tagged('system:platform/events')).toBe('system:platform/events');
    expect(tagged('Orders & Billing')).toBeUndefined();
    expect(
      assetToEntity(
        { ...asset(ENRICHER_APP), tags: { domain: 'orders' } },
        {
          ...shaping,
          systemTagKey: 'domain',
        },
      ).spec?.system,
    ).toBe('orders');
  });

  it('names every dependency with a ref the catalog accepts', () => {
    for (const a of estate()) {
      for (const ref of (assetToEntity(a, shaping).spec
        ?.dependsOn as string[]) ?? []) {
        expect(() => parseEntityRef(ref)).not.toThrow();
      }
    }
  });
});
