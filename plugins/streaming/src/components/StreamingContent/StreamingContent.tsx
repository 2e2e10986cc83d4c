import type { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles, Theme } from '@material-ui/core/styles';
import {
  getCompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  EntityStreamingResponse,
  KafkaClusterAsset,
} from '@backstage-streaming/plugin-streaming-common';
import { isStreamingAvailable } from '../../conditions';
import {
  LoadErrorPanel,
  NoAssetsFound,
  NoStreamingAnnotations,
  NotRefreshedPanel,
  RefreshedAt,
  StaleNotice,
  StreamingSkeleton,
} from '../states';
import { StreamingProblemsPanel } from '../StreamingOverviewCard/StreamingProblemsPanel';
import { useEntityStreaming } from '../useEntityStreaming';
import { ClusterSection } from './ClusterSection';
import { ConsumerGroupSection } from './ConsumerGroupSection';
import { FlinkSection } from './FlinkSection';
import { TopicSection } from './TopicSection';
import { assetArnsOf, CatalogResourceLinksProvider } from '../catalogLinks';

const useStyles = makeStyles((theme: Theme) => ({
  page: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(3),
  },
  group: {
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  },
}));

function AssetGroup(props: {
  title: string;
  count: number;
  children: ReactNode;
}) {
  const { title, count, children } = props;
  const classes = useStyles();
  if (count === 0) return null;
  return (
    <section className={classes.group} aria-label={title}>
      <Typography variant="h5" component="h2">
        {title} ({count})
      </Typography>
      {children}
    </section>
  );
}

function StreamingAssetsDetail(props: {
  response: EntityStreamingResponse;
  entityRef: string;
}) {
  const { response, entityRef } = props;
  const classes = useStyles();
  const notRefreshed = response.inventoryRefreshedAt === null;
  const consumerGroups = response.consumerGroups ?? [];
  const clusterOf = (arn: string): KafkaClusterAsset | undefined =>
    response.clusters.find(cluster => cluster.arn === arn);
  const assetCount =
    response.clusters.length +
    response.topics.length +
    response.applications.length +
    consumerGroups.length;

  return (
    <div className={classes.page}>
      <RefreshedAt response={response} />
      {response.problems.length > 0 && (
        <StreamingProblemsPanel problems={response.problems} />
      )}
      {notRefreshed && <NotRefreshedPanel />}
      <StaleNotice response={response} />
      {assetCount === 0 && !notRefreshed && <NoAssetsFound />}
      <AssetGroup title="MSK clusters" count={response.clusters.length}>
        {response.clusters.map(cluster => (
          <ClusterSection
            key={cluster.arn}
            cluster={cluster}
            entityRef={entityRef}
            costPermission={response.cost}
          />
        ))}
      </AssetGroup>
      <AssetGroup title="Kafka topics" count={response.topics.length}>
        {response.topics.map(topic => (
          <TopicSection
            key={topic.arn}
            topic={topic}
            cluster={clusterOf(topic.clusterArn)}
            entityRef={entityRef}
            costPermission={response.cost}
          />
        ))}
      </AssetGroup>
      <AssetGroup title="Consumer groups" count={consumerGroups.length}>
        {consumerGroups.map(group => (
          <ConsumerGroupSection
            key={group.arn}
            group={group}
            cluster={clusterOf(group.clusterArn)}
            entityRef={entityRef}
          />
        ))}
      </AssetGroup>
      <AssetGroup
        title="Flink applications"
        count={response.applications.length}
      >
        {response.applications.map(application => (
          <FlinkSection
            key={application.arn}
            application={application}
            entityRef={entityRef}
            costPermission={response.cost}
          />
        ))}
      </AssetGroup>
    </div>
  );
}

function LoadedEntityStreaming() {
  const { entity } = useEntity();
  const state = useEntityStreaming(getCompoundEntityRef(entity));
  if (state.status === 'loading') return <StreamingSkeleton rows={4} />;
  if (state.status === 'error') return <LoadErrorPanel error={state.error} />;
  const entityRef = stringifyEntityRef(entity);
  return (
    <CatalogResourceLinksProvider
      arns={assetArnsOf(state.value)}
      exclude={entityRef}
    >
      <StreamingAssetsDetail response={state.value} entityRef={entityRef} />
    </CatalogResourceLinksProvider>
  );
}

/**
 * The Streaming tab of an entity: every attached cluster, topic, consumer
 * group and Flink application in detail, with health findings, cost and
 * charts. Explains which annotations to add when the entity has none.
 *
 * @public
 */
export function StreamingContent() {
  const { entity } = useEntity();
  if (!isStreamingAvailable(entity)) {
    return <NoStreamingAnnotations />;
  }
  return <LoadedEntityStreaming />;
}
