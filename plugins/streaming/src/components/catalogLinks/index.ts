export { useCatalogResourceLinks } from './useCatalogResourceLinks';
export {
  CatalogResourceLink,
  CatalogResourceLinksProvider,
} from './CatalogResourceLink';
export { assetArnsOf } from './assetArns';
