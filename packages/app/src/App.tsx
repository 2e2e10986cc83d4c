import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import catalogGraphPlugin from '@backstage/plugin-catalog-graph/alpha';
import scaffolderPlugin from '@backstage/plugin-scaffolder/alpha';
import streamingPlugin from '@backstage-streaming/plugin-streaming/alpha';
import { navModule } from './modules/nav';

export default createApp({
  features: [
    catalogPlugin,
    // The relations card on entity pages and the graph page: which services
    // depend on which clusters, topics and Flink applications (docs/catalog.md).
    catalogGraphPlugin,
    scaffolderPlugin,
    streamingPlugin,
    navModule,
  ],
});
