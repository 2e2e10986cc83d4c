import { CallContext, optionalInteger } from '../context';
import { AwsError, paginate } from '../protocol';
import { priceDocuments } from './priceDocuments';

type Input = Record<string, unknown>;

// The Price List Query API (awsJson1_1, target AWSPriceListService) names its errors as below.
const invalidParameter = (message: string) =>
  new AwsError(400, 'InvalidParameterException', message);

/** The regions AWS serves the Price List Query API from. */
export const PRICE_LIST_API_REGIONS = ['us-east-1', 'ap-south-1'];

export function handlePricing(
  ctx: CallContext,
  operation: string,
  input: Input,
): unknown {
  if (!PRICE_LIST_API_REGIONS.includes(ctx.regionName)) {
    // Real clients cannot even resolve an endpoint there; answer the way a wrong endpoint would be refused.
    throw new AwsError(
      400,
      'InvalidParameterException',
      `The Price List Query API is served from ${PRICE_LIST_API_REGIONS.join(
        ' and ',
      )} only, not ${ctx.regionName}.`,
    );
  }
  switch (operation) {
    case 'GetProducts':
      return getProducts(input);
    case 'DescribeServices':
      return {
        Services: ['AmazonMSK', 'AmazonKinesisAnalytics'].map(code => ({
          ServiceCode: code,
          AttributeNames: [
            'regionCode',
            'location',
            'usagetype',
            'servicecode',
          ],
        })),
        FormatVersion: 'aws_v1',
      };
    default:
      throw new AwsError(
        400,
        'UnknownOperationException',
        `Operation ${operation} is not supported by the sandbox.`,
      );
  }
}

function getProducts(input: Input) {
  const serviceCode = input.ServiceCode;
  if (typeof serviceCode !== 'string' || serviceCode === '') {
    throw invalidParameter('ServiceCode is required.');
  }
  const filters = Array.isArray(input.Filters) ? input.Filters : [];
  const matches = filters.map((filter, index) => {
    const f = filter as Record<string, unknown>;
    if (f.Type !== 'TERM_MATCH' || typeof f.Field !== 'string') {
      throw invalidParameter(
        `Filters[${index}] must be a TERM_MATCH filter with a Field and a Value.`,
      );
    }
    return { field: f.Field, value: String(f.Value ?? '') };
  });
  const limit =
    optionalInteger(input.MaxResults, 'MaxResults', 1, 100, invalidParameter) ??
    100;
  const documents = priceDocuments(serviceCode).filter(doc =>
    matches.every(
      ({ field, value }) =>
        (doc.product.attributes as Record<string, string>)[field] === value,
    ),
  );
  const page = paginate(documents, {
    token: input.NextToken as string | undefined,
    scope: `pricing/${serviceCode}/${JSON.stringify(matches)}`,
    limit,
    invalidToken: () =>
      new AwsError(400, 'InvalidNextTokenException', 'Invalid NextToken.'),
  });
  return {
    FormatVersion: 'aws_v1',
    PriceList: page.items.map(doc => JSON.stringify(doc)),
    ...(page.nextToken ? { NextToken: page.nextToken } : {}),
  };
}
