import StorageIcon from '@material-ui/icons/Storage';
import { PageBlueprint } from '@backstage/frontend-plugin-api';
import { estatePageRouteRef } from '../routes';

/**
 * The estate page at /streaming. Its route ref, title and icon make the app
 * list it in the sidebar navigation.
 */
export const estatePage = PageBlueprint.make({
  params: {
    path: '/streaming',
    title: 'Streaming',
    icon: <StorageIcon />,
    routeRef: estatePageRouteRef,
    loader: () =>
      import('../components/EstatePage').then(m => <m.EstateContent />),
  },
});
