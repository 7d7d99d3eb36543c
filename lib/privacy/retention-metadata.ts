import type { DataClass } from '../../lambda/store/table-retention';

/** Template metadata key under which each table states its retention budget (read by the retention check and the report). */
export const RETENTION_METADATA_KEY = 'Tollgate::Retention';

/** What a table's template metadata says about its retention; the backup window is read from the table's own properties. */
export interface TableRetentionMetadata {
  /** The table's id in `lambda/store/tables.ts`. */
  readonly table: string;
  readonly dataClass: DataClass;
  readonly promiseDays: number;
  /** The longest time from the promise's starting point to an item's TTL. */
  readonly ttlDays: number;
  readonly ttlRule: string;
  readonly ttlDeletionLagDays: number;
}
