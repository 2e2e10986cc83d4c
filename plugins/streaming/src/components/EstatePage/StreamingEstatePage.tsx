import { Content, Header, Page } from '@backstage/core-components';
import { EstateContent } from './EstateContent';

/** The estate page with its own header, for legacy apps (the new frontend system's page supplies the header). */
export function StreamingEstatePage() {
  return (
    <Page themeId="tool">
      <Header
        title="Streaming"
        subtitle="Every MSK cluster, topic, consumer group and Flink application: owner, cost and health"
      />
      <Content>
        <EstateContent />
      </Content>
    </Page>
  );
}
