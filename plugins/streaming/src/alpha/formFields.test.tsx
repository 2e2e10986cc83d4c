import { createExtensionTester } from '@backstage/frontend-test-utils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import streamingPlugin from '../alpha';
import {
  ClusterPickerField,
  CostEstimateField,
} from '../components/scaffolder';

describe('scaffolder form fields (new frontend system)', () => {
  it.each([
    [
      'scaffolder-form-field:streaming/cost-estimate',
      'StreamingCostEstimate',
      CostEstimateField,
    ],
    [
      'scaffolder-form-field:streaming/cluster-picker',
      'StreamingClusterPicker',
      ClusterPickerField,
    ],
  ])('%s provides ui:field %s', async (id, name, component) => {
    const loader = createExtensionTester(
      streamingPlugin.getExtension(id as any),
    ).get(
      FormFieldBlueprint.dataRefs.formFieldLoader,
    ) as () => Promise<unknown>;
    // createFormField wraps the options in an opaque instance that keeps them as they are.
    expect(await loader()).toMatchObject({ name, component });
  });
});
