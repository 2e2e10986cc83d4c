import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const flinkApplicationCreateExamples: TemplateExample[] = [
  {
    description:
      'A Flink application with the defaults (newest runtime, parallelism 1, autoscaling, checkpoints every 60 s, snapshots and rollback on, INFO logs, APPLICATION metrics); role and code location from streaming.scaffolder.flink',
    example: `steps:
  - id: app
    action: aws:flink:application:create
    name: Create the Flink application
    input:
      accountId: '111111111111'
      region: us-east-1
      name: payments-enricher
      owner: \${{ parameters.owner }}
      sourceTopics: [payments.orders.v1]
      sinkTopics: [payments.enriched.v1]`,
  },
  {
    description:
      'A stateless, I/O-bound job on 8 parallel tasks packed 2 per KPU',
    example: `steps:
  - id: app
    action: aws:flink:application:create
    input:
      accountId: '111111111111'
      region: us-east-1
      name: clicks-router
      owner: group:default/team-clicks
      runtime: FLINK-1_20
      parallelism: 8
      parallelismPerKpu: 2
      serviceExecutionRoleArn: arn:aws:iam::111111111111:role/flink-clicks-router
      codeBucketArn: arn:aws:s3:::flink-artifacts-111111111111
      codeFileKey: clicks-router/clicks-router-1.0.0.jar
      sourceTopics: [clicks.raw]
      sinkTopics: [clicks.routed]`,
  },
];
