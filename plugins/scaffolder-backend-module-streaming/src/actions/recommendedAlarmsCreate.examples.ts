import { TemplateExample } from '@backstage/plugin-scaffolder-node';

export const recommendedAlarmsCreateExamples: TemplateExample[] = [
  {
    description:
      'The recommended alarms of a cluster created in an earlier step, notifying the configured SNS topic',
    example: `steps:
  - id: alarms
    action: aws:cloudwatch:recommended-alarms:create
    name: Create the recommended alarms
    input:
      resourceArn: \${{ steps.cluster.output.arn }}
      owner: \${{ parameters.owner }}`,
  },
  {
    description:
      'The recommended alarms of a Flink application, to a given SNS topic',
    example: `steps:
  - id: alarms
    action: aws:cloudwatch:recommended-alarms:create
    input:
      resourceArn: arn:aws:kinesisanalytics:us-east-1:111111111111:application/payments-enricher
      snsTopicArn: arn:aws:sns:us-east-1:111111111111:team-payments-alerts`,
  },
];
