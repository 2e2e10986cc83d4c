import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      /**
       * The streaming entity provider (docs/catalog.md): Resource entities for
       * the MSK clusters, topics, consumer groups and Managed Flink
       * applications of the streaming backend's inventory.
       */
      streaming?: {
        /** When to re-read the whole inventory. Default: every 30 minutes, 10 minutes timeout. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * How often to ask the streaming backend whether a refresh stored
         * something new, and re-read it then (seconds). 0 turns the check off.
         * Default 60.
         */
        changeCheckSeconds?: number;
        /** Owner of assets whose inventory names none. Default group:default/platform-unowned. */
        defaultOwner?: string;
        /** The tag whose value becomes spec.system (a topic or consumer group uses its cluster's). Default system. */
        systemTagKey?: string;
        /** Flink property keys whose values name Kafka topics the application depends on. Default topic, topics, input.topic, output.topic, source.topic, sink.topic. */
        flinkTopicPropertyKeys?: string[];
        /** Whether topics are ingested (large estates may want clusters and applications only). Default true. */
        ingestTopics?: boolean;
        /** Whether consumer groups are ingested. Default true. */
        ingestConsumerGroups?: boolean;
        /** Assets read per request from the streaming backend (1 to 1000). Default 500. */
        pageSize?: number;
        /** Only assets passing every filter given are ingested. */
        filters?: {
          /** AWS account ids. */
          accounts?: string[];
          /** AWS regions. */
          regions?: string[];
          /** Entity spec types: kafka-cluster, kafka-topic, kafka-consumer-group, flink-application. */
          kinds?: string[];
          /** Name patterns (`*` matches anything); an asset matching any is kept. */
          names?: string[];
          /** Tags every kept asset carries (a topic or consumer group: its cluster). */
          tags?: { [key: string]: string };
        };
      };
    };
  };
}
