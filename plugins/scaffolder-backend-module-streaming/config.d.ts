export interface Config {
  streaming?: {
    /** Settings of the streaming scaffolder actions (aws:msk:*, aws:flink:*, aws:cloudwatch:recommended-alarms:create). */
    scaffolder?: {
      /** Default subnets and security groups per account and region, used when a template gives none. */
      networks?: Array<{
        accountId: string;
        region: string;
        /** One subnet per Availability Zone: 3 for Standard and Express, at least 2 for Serverless. */
        subnetIds: string[];
        securityGroupIds?: string[];
      }>;
      /** Regular expression every new topic name must match. Default: Kafka's legal names, not starting with _ or . */
      topicNamePattern?: string;
      /** Refuse a cluster or application whose estimated monthly price is above this (USD). No limit when absent. */
      maxMonthlyUsd?: number;
      /** Refuse when maxMonthlyUsd cannot be checked because a part of the price is unknown. Default false. */
      refuseUnknownPrice?: boolean;
      /** Kafka version of new provisioned clusters. Default 3.6.0 (the oldest with the MSK topic APIs). */
      kafkaVersion?: string;
      /** Tag keys that also carry the owner for cost allocation. Default [cost-center]. */
      costAllocationTagKeys?: string[];
      alarms?: {
        /** SNS topic the recommended alarms notify when a template names none. */
        snsTopicArn?: string;
      };
      flink?: {
        /** Runtime of new applications. Default: the newest FLINK-x_y the installed SDK lists. */
        runtime?: string;
        /** Service execution role of new applications when a template names none (the actions create no IAM roles). */
        serviceExecutionRoleArn?: string;
        /** S3 bucket ARN of application code when a template names none. */
        codeBucketArn?: string;
        /** S3 key of application code when a template names none. */
        codeFileKey?: string;
      };
      polling?: {
        /** Seconds between state checks while a cluster is created. Default 15. */
        intervalSeconds?: number;
        /** Give up waiting after this many minutes (the cluster keeps being created). Default 60. */
        timeoutMinutes?: number;
      };
    };
  };
}
