import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const mskTopicCreateExamples: TemplateExample[] = [
  {
    description:
      'A topic with the defaults: 6 partitions, replication factor 3, min.insync.replicas 2, 7 days retention, delete cleanup',
    example: `steps:
  - id: topic
    action: aws:msk:topic:create
    name: Create the topic
    input:
      clusterArn: \${{ parameters.clusterArn }}
      topicName: payments.orders.v1`,
  },
  {
    description:
      'A compacted changelog topic kept forever, with zstd compression',
    example: `steps:
  - id: topic
    action: aws:msk:topic:create
    input:
      clusterArn: arn:aws:kafka:us-east-1:111111111111:cluster/orders-standard/7d1a9c2e-3b4f-4e5a-8c6d-1f2e3a4b5c6d-1
      topicName: orders.customer-state
      partitions: 12
      cleanupPolicy: compact
      retentionHours: -1
      configs:
        compression.type: zstd`,
  },
];
