import {
  StreamingAsset,
  StreamingProblem,
} from '@backstage-streaming/plugin-streaming-common';
import type { StreamingAwsConfig } from '@backstage-streaming/plugin-streaming-node';
import { RefreshStatusRecord } from '../database/InventoryStore';

/**
 * The problems an entity's annotations can have, each saying what to fix:
 * one place for their wording, used by the attachment resolution and the
 * stored view.
 */

export const EXPECTED = {
  'kafka-cluster':
    'an MSK cluster ARN such as arn:aws:kafka:us-east-1:123456789012:cluster/<name>/<uuid>',
  'flink-application':
    'a Managed Flink application ARN such as arn:aws:kinesisanalytics:us-east-1:123456789012:application/<name>',
  'kafka-topic':
    'a topic ARN (arn:aws:kafka:<region>:<account>:topic/<cluster>/<uuid>/<topic>), <cluster-name>/<topic>, or <cluster-name>/<prefix>*',
  'consumer-group':
    '<cluster-name>/<group> or a consumer-group ARN (arn:aws:kafka:<region>:<account>:group/<cluster>/<uuid>/<group>)',
};

export function notFound(
  awsConfig: StreamingAwsConfig,
  annotation: string,
  value: string,
  accountId: string,
  region: string,
  statuses: RefreshStatusRecord[],
): StreamingProblem {
  const configured = awsConfig.accounts.some(
    account =>
      account.accountId === accountId && account.regions.includes(region),
  );
  if (!configured) {
    return {
      kind: 'asset-not-found',
      annotation,
      value,
      accountId,
      region,
      message: `Account ${accountId} in ${region} is not read by Backstage Streaming. Ask the platform team to add it to streaming.aws.accounts, or fix the ARN.`,
    };
  }
  const status = statuses.find(
    s => s.accountId === accountId && s.region === region,
  );
  if (!status) return notRefreshed(annotation, value, accountId, region);
  if (!status.lastSuccessAt) {
    return {
      kind: 'account-error',
      annotation,
      value,
      accountId,
      region,
      message: `Account ${accountId} in ${region} could not be read yet (${status.lastErrorCode}: ${status.lastErrorMessage}).`,
    };
  }
  return {
    kind: 'asset-not-found',
    annotation,
    value,
    accountId,
    region,
    message: `'${value}' was not found in account ${accountId} in ${region} at the last refresh. Check the ARN; the asset may have been deleted.`,
  };
}

/** One problem per account-region whose latest refresh failed, for the stale assets it affects. */
export function staleAccountProblems(
  attachments: {
    clusters: StreamingAsset[];
    topics: StreamingAsset[];
    applications: StreamingAsset[];
  },
  statuses: RefreshStatusRecord[],
): StreamingProblem[] {
  const stale = [
    ...attachments.clusters,
    ...attachments.topics,
    ...attachments.applications,
  ].filter(asset => asset.stale);
  const seen = new Set<string>();
  const problems: StreamingProblem[] = [];
  for (const asset of stale) {
    const key = `${asset.accountId}/${asset.region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const status = statuses.find(
      s => s.accountId === asset.accountId && s.region === asset.region,
    );
    problems.push({
      kind: 'account-error',
      accountId: asset.accountId,
      region: asset.region,
      message: status?.lastErrorCode
        ? `The latest refresh of account ${asset.accountId} in ${
            asset.region
          } failed (${status.lastErrorCode}: ${
            status.lastErrorMessage
          }); its assets show what was known at ${
            status.lastSuccessAt ?? 'an earlier refresh'
          }.`
        : `Some assets of account ${asset.accountId} in ${asset.region} could not be re-read; they show what was known at ${asset.refreshedAt}.`,
    });
  }
  return problems;
}

export function noClusterNamed(
  clusterName: string,
  annotation: string,
  value: string,
  arnKind: string,
  statuses: RefreshStatusRecord[],
): StreamingProblem {
  return statuses.length === 0
    ? notRefreshed(annotation, value)
    : {
        kind: 'asset-not-found',
        annotation,
        value,
        message: `No cluster named '${clusterName}' was found in the configured accounts and regions. Check the cluster name, or use the ${arnKind}.`,
      };
}

export function malformed(
  annotation: string,
  value: string,
  expected: string,
): StreamingProblem {
  return {
    kind: 'annotation-malformed',
    annotation,
    value,
    message: `'${value}' in ${annotation} is not ${expected}. Correct the annotation in the entity's catalog-info.yaml.`,
  };
}

export function notRefreshed(
  annotation: string,
  value: string,
  accountId?: string,
  region?: string,
): StreamingProblem {
  return {
    kind: 'not-refreshed',
    annotation,
    value,
    accountId,
    region,
    message:
      'The streaming inventory has not been refreshed yet; this entry resolves after the first refresh completes.',
  };
}
