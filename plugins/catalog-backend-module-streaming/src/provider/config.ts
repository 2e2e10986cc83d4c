import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { Config } from '@backstage/config';
import { AssetType } from '@backstage-streaming/plugin-streaming-common';

/** The spec.type of each asset type's Resource entity. */
export const SPEC_TYPES: Record<AssetType, string> = {
  'kafka-cluster': 'kafka-cluster',
  'kafka-topic': 'kafka-topic',
  'consumer-group': 'kafka-consumer-group',
  'flink-application': 'flink-application',
};

export const DEFAULT_FLINK_TOPIC_PROPERTY_KEYS = [
  'topic',
  'topics',
  'input.topic',
  'output.topic',
  'source.topic',
  'sink.topic',
];

export interface StreamingProviderConfig {
  schedule: SchedulerServiceTaskScheduleDefinition;
  changeCheckSeconds: number;
  defaultOwner: string;
  systemTagKey: string;
  flinkTopicPropertyKeys: string[];
  pageSize: number;
  /** The asset types ingested: the kinds filter and the ingest switches together. */
  assetTypes: AssetType[];
  filters: {
    accounts: string[];
    regions: string[];
    names: RegExp[];
    tags: Record<string, string>;
  };
}

const CONFIG_KEY = 'catalog.providers.streaming';

/** Reads catalog.providers.streaming; a misconfiguration stops the backend at startup with what to fix. */
export function readStreamingProviderConfig(
  root: Config,
): StreamingProviderConfig | undefined {
  const config = root.getOptionalConfig(CONFIG_KEY);
  if (!config) return undefined;

  const defaultOwner =
    config.getOptionalString('defaultOwner') ??
    'group:default/platform-unowned';
  try {
    parseEntityRef(defaultOwner, { defaultKind: 'group' });
  } catch (error) {
    throw new Error(
      `${CONFIG_KEY}.defaultOwner '${defaultOwner}' is not an entity ref such as group:default/platform-unowned: ${
        (error as Error).message
      }`,
    );
  }

  const pageSize = config.getOptionalNumber('pageSize') ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) {
    throw new Error(
      `${CONFIG_KEY}.pageSize must be a whole number from 1 to 1000, got ${pageSize}`,
    );
  }
  const changeCheckSeconds =
    config.getOptionalNumber('changeCheckSeconds') ?? 60;
  if (!(changeCheckSeconds >= 0)) {
    throw new Error(
      `${CONFIG_KEY}.changeCheckSeconds must be 0 (off) or more seconds, got ${changeCheckSeconds}`,
    );
  }

  const specTypes = Object.values(SPEC_TYPES);
  const kinds = config.getOptionalStringArray('filters.kinds') ?? specTypes;
  for (const kind of kinds) {
    if (!specTypes.includes(kind)) {
      throw new Error(
        `${CONFIG_KEY}.filters.kinds: '${kind}' is not one of ${specTypes.join(
          ', ',
        )}`,
      );
    }
  }
  const ingest: Record<AssetType, boolean> = {
    'kafka-cluster': true,
    'flink-application': true,
    'kafka-topic': config.getOptionalBoolean('ingestTopics') ?? true,
    'consumer-group': config.getOptionalBoolean('ingestConsumerGroups') ?? true,
  };
  const assetTypes = (Object.keys(SPEC_TYPES) as AssetType[]).filter(
    type => ingest[type] && kinds.includes(SPEC_TYPES[type]),
  );

  const tagsConfig = config.getOptionalConfig('filters.tags');
  const tags: Record<string, string> = {};
  for (const key of tagsConfig?.keys() ?? []) {
    tags[key] = tagsConfig!.getString(key);
  }

  return {
    schedule: config.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          config.getConfig('schedule'),
        )
      : { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
    changeCheckSeconds,
    defaultOwner: stringifyEntityRef(
      parseEntityRef(defaultOwner, { defaultKind: 'group' }),
    ),
    systemTagKey: config.getOptionalString('systemTagKey') ?? 'system',
    flinkTopicPropertyKeys:
      config.getOptionalStringArray('flinkTopicPropertyKeys') ??
      DEFAULT_FLINK_TOPIC_PROPERTY_KEYS,
    pageSize,
    assetTypes,
    filters: {
      accounts: config.getOptionalStringArray('filters.accounts') ?? [],
      regions: config.getOptionalStringArray('filters.regions') ?? [],
      names: (config.getOptionalStringArray('filters.names') ?? []).map(
        globToRegExp,
      ),
      tags,
    },
  };
}

/** `orders-*` → /^orders-.*$/: `*` matches anything, everything else literally. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .split('*')
    .map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
