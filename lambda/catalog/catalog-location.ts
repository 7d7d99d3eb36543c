import { join } from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { dataDirectory } from '../local/runtime-info';
import { FileCatalogStore, SsmCatalogStore, type CatalogStore } from './catalog-stores';

/**
 * Where the catalog document is, from the environment (the same rule for the gateway and the CLI):
 * - `TOLLGATE_CATALOG_PARAMETER`: an SSM parameter (AWS; the stack sets it on the inference function).
 *   `TOLLGATE_SSM_ENDPOINT` points the SSM client elsewhere (tests).
 * - otherwise the JSON file `TOLLGATE_CATALOG_FILE`, default `catalog.json` in `TOLLGATE_DATA_DIR`.
 */
export function catalogStoreFromEnvironment(environment: NodeJS.ProcessEnv = process.env): CatalogStore {
  const parameter = environment.TOLLGATE_CATALOG_PARAMETER;
  if (parameter) return ssmCatalogStore(parameter, environment.AWS_REGION, environment.TOLLGATE_SSM_ENDPOINT);
  return new FileCatalogStore(environment.TOLLGATE_CATALOG_FILE || join(dataDirectory(environment), 'catalog.json'));
}

export function ssmCatalogStore(parameterName: string, region?: string, endpoint?: string): SsmCatalogStore {
  const client = new SSMClient(
    endpoint
      ? { endpoint, region: region ?? 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : { ...(region ? { region } : {}) },
  );
  return new SsmCatalogStore(client, parameterName);
}
