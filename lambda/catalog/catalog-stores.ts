import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import {
  CatalogDocumentError,
  catalogDocumentText,
  EMPTY_CATALOG_DOCUMENT,
  parseCatalogDocument,
  type CatalogDocument,
} from './catalog-document';

/** Where the operator's catalog document lives. */
export interface CatalogStore {
  /** The document, or the empty document when there is none yet. */
  read(): Promise<CatalogDocument>;
  write(document: CatalogDocument): Promise<void>;
  /** For messages: the file path or the parameter name. */
  readonly description: string;
  /** Changes whenever the document changes, when the store can tell cheaply (a file's `stat`). */
  version?(): string | undefined;
  /** Releases connections (the CLI calls it before exiting). */
  close?(): void;
}

function parseText(text: string, where: string): CatalogDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CatalogDocumentError(`The catalog document in ${where} is not valid JSON.`);
  }
  return parseCatalogDocument(value);
}

/** Locally: a JSON file (`TOLLGATE_CATALOG_FILE`, default `catalog.json` in `TOLLGATE_DATA_DIR`), written atomically. */
export class FileCatalogStore implements CatalogStore {
  constructor(readonly path: string) {}

  get description(): string {
    return this.path;
  }

  /** Changes whenever the file is written (modification time and size); undefined when there is no file. */
  version(): string | undefined {
    try {
      const stat = statSync(this.path);
      return `${stat.mtimeMs}:${stat.size}`;
    } catch {
      return undefined;
    }
  }

  read(): Promise<CatalogDocument> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      return Promise.resolve(EMPTY_CATALOG_DOCUMENT);
    }
    return Promise.resolve(parseText(text, this.path));
  }

  write(document: CatalogDocument): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    writeFileSync(temporary, catalogDocumentText(document));
    renameSync(temporary, this.path);
    return Promise.resolve();
  }
}

/**
 * SSM Parameter Store's largest value (advanced tier). The parameter is written with the
 * Intelligent-Tiering tier: standard (free, 4 KB) while the document fits, advanced above.
 * https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html
 */
export const SSM_MAX_VALUE_BYTES = 8192;

/**
 * In AWS: one SSM String parameter (`TOLLGATE_CATALOG_PARAMETER`). The stack grants the inference
 * function `ssm:GetParameter` on it but does not create it, so a deploy never overwrites the
 * operator's edits; until `tollgate models set` first writes it, the built-in catalog applies.
 */
export class SsmCatalogStore implements CatalogStore {
  constructor(
    private readonly client: SSMClient,
    readonly parameterName: string,
  ) {}

  get description(): string {
    return `SSM parameter ${this.parameterName}`;
  }

  async read(): Promise<CatalogDocument> {
    try {
      const { Parameter } = await this.client.send(new GetParameterCommand({ Name: this.parameterName }));
      return parseText(Parameter?.Value ?? '{}', this.description);
    } catch (error) {
      if (error instanceof ParameterNotFound) return EMPTY_CATALOG_DOCUMENT;
      throw error;
    }
  }

  close(): void {
    this.client.destroy();
  }

  async write(document: CatalogDocument): Promise<void> {
    const value = catalogDocumentText(document, 0).trim();
    if (Buffer.byteLength(value) > SSM_MAX_VALUE_BYTES) {
      throw new CatalogDocumentError(
        `The catalog document is ${Buffer.byteLength(value)} bytes; an SSM parameter holds at most ${SSM_MAX_VALUE_BYTES}. Remove entries or shorten their sources.`,
      );
    }
    await this.client.send(
      new PutParameterCommand({ Name: this.parameterName, Value: value, Type: 'String', Overwrite: true, Tier: 'Intelligent-Tiering' }),
    );
  }
}
