import { getTableName, is, type SQL } from "drizzle-orm";
import { getTableConfig as pgConfig, PgDialect, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as sqliteConfig, SQLiteSyncDialect, SQLiteTable } from "drizzle-orm/sqlite-core";

/**
 * A table as both dialects can state it, for the drift test: what must agree between a service's
 * SQLite and PostgreSQL schemas, and between each schema and the database its migrations build.
 * Types are logical families (text, integer, real, blob, boolean, json); uniqueness is the column
 * sets, whether a constraint or a unique index enforces it; CHECKs compare by name and by the
 * literals they list (an enum CHECK's values).
 */
export interface TableShape {
  name: string;
  columns: { name: string; type: ColumnFamily; notNull: boolean; sqlDefault: boolean }[];
  primaryKey: string[];
  uniques: string[];
  indexes: { name: string; columns: string[]; partial: boolean }[];
  checks: { name: string; literals: string[] }[];
  foreignKeys: { columns: string[]; table: string; references: string[]; onDelete: string }[];
}

export type ColumnFamily = "text" | "integer" | "real" | "blob" | "boolean" | "json";

/** SQLite stores booleans as integers and JSON as text; a database read back only shows that. */
export function asStoredOnSqlite(type: ColumnFamily): ColumnFamily {
  return type === "boolean" ? "integer" : type === "json" ? "text" : type;
}

/** Families of the SQL types the schemas use; an unknown one fails loudly so the test is taught it. */
export function familyOf(sqlType: string): ColumnFamily {
  const t = sqlType.toLowerCase().replace(/\(.*\)$/, "").replaceAll('"', "").trim();
  if (["text", "character varying", "varchar", "char", "character", "uuid", "timestamp with time zone", "timestamptz"].includes(t)) return "text";
  if (["integer", "int", "int4", "int8", "bigint", "smallint", "serial", "bigserial"].includes(t)) return "integer";
  if (["real", "double precision", "numeric", "float8", "float4"].includes(t)) return "real";
  if (["blob", "bytea"].includes(t)) return "blob";
  if (t === "boolean" || t === "bool") return "boolean";
  if (t === "json" || t === "jsonb") return "json";
  throw new Error(`schema drift check does not know the SQL type '${sqlType}'`);
}

/** The string literals in a CHECK's SQL text, sorted (an enum CHECK's allowed values). */
export function checkLiterals(sqlText: string): string[] {
  return [...sqlText.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'")).sort();
}

const uniqueKey = (columns: readonly string[]) => [...columns].sort().join(",");

/** Sort everything order-free so two shapes compare with toEqual. */
export function normalise(shape: TableShape): TableShape {
  return {
    ...shape,
    columns: [...shape.columns].sort((a, b) => a.name.localeCompare(b.name)),
    primaryKey: [...shape.primaryKey].sort(),
    uniques: [...new Set(shape.uniques)].filter((u) => u !== uniqueKey(shape.primaryKey)).sort(),
    indexes: [...shape.indexes].sort((a, b) => a.name.localeCompare(b.name)),
    checks: [...shape.checks].sort((a, b) => a.name.localeCompare(b.name)),
    foreignKeys: [...shape.foreignKeys].sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

interface IndexLike { config: { name?: string; columns: unknown[]; unique: boolean; where?: SQL | undefined } }

function indexColumnName(column: unknown): string {
  if (column && typeof column === "object" && "name" in column && typeof column.name === "string") return column.name;
  throw new Error("schema drift check does not compare expression indexes");
}

function shapeFrom(
  name: string,
  config: ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>,
  render: (value: SQL) => string,
): TableShape {
  const primaryKey = config.columns.filter((c) => c.primary).map((c) => c.name);
  for (const pk of config.primaryKeys) primaryKey.push(...pk.columns.map((c) => c.name));
  const uniques = config.columns.filter((c) => c.isUnique).map((c) => c.name);
  for (const u of config.uniqueConstraints) uniques.push(uniqueKey(u.columns.map((c) => c.name)));
  const indexes: TableShape["indexes"] = [];
  for (const index of config.indexes as IndexLike[]) {
    const columns = index.config.columns.map(indexColumnName);
    if (index.config.unique && !index.config.where) uniques.push(uniqueKey(columns));
    else indexes.push({ name: index.config.name ?? "", columns, partial: index.config.where !== undefined });
  }
  return normalise({
    name,
    columns: config.columns.map((c) => ({
      name: c.name, type: familyOf(c.getSQLType()), notNull: c.notNull || c.primary || primaryKey.includes(c.name),
      sqlDefault: c.default !== undefined,
    })),
    primaryKey,
    uniques,
    indexes,
    checks: config.checks.map((c) => ({ name: c.name, literals: checkLiterals(render(c.value)) })),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        columns: ref.columns.map((c) => c.name), table: getTableName(ref.foreignTable),
        references: ref.foreignColumns.map((c) => c.name), onDelete: fk.onDelete ?? "no action",
      };
    }),
  });
}

/** Split a schema module's exports into its SQLite and PostgreSQL tables, each shaped, by table name. */
export function shapesOfModule(schema: Record<string, unknown>): { sqlite: TableShape[]; postgres: TableShape[] } {
  const sqliteDialect = new SQLiteSyncDialect();
  const pgDialect = new PgDialect();
  const sqlite: TableShape[] = [];
  const postgres: TableShape[] = [];
  for (const value of Object.values(schema)) {
    if (is(value, SQLiteTable)) sqlite.push(shapeFrom(getTableName(value), sqliteConfig(value), (s) => sqliteDialect.sqlToQuery(s).sql));
    else if (is(value, PgTable)) postgres.push(shapeFrom(getTableName(value), pgConfig(value), (s) => pgDialect.sqlToQuery(s).sql));
  }
  const byName = (a: TableShape, b: TableShape) => a.name.localeCompare(b.name);
  return { sqlite: sqlite.sort(byName), postgres: postgres.sort(byName) };
}

/** Both sides with SQLite's storage families (what the cross-dialect and SQLite comparisons use). */
export function storedOnSqlite(shapes: readonly TableShape[]): TableShape[] {
  return shapes.map((s) => ({ ...s, columns: s.columns.map((c) => ({ ...c, type: asStoredOnSqlite(c.type) })) }));
}

/** Human-readable differences between two lists of table shapes; empty when they agree. */
export function schemaDifferences(leftName: string, left: readonly TableShape[], rightName: string, right: readonly TableShape[]): string[] {
  const out: string[] = [];
  const rightByName = new Map(right.map((t) => [t.name, t]));
  const leftByName = new Map(left.map((t) => [t.name, t]));
  for (const t of left) if (!rightByName.has(t.name)) out.push(`table ${t.name}: only in ${leftName}`);
  for (const t of right) if (!leftByName.has(t.name)) out.push(`table ${t.name}: only in ${rightName}`);
  for (const a of left) {
    const b = rightByName.get(a.name);
    if (!b) continue;
    const bColumns = new Map(b.columns.map((c) => [c.name, c]));
    const aColumns = new Map(a.columns.map((c) => [c.name, c]));
    for (const c of a.columns) {
      const other = bColumns.get(c.name);
      if (!other) out.push(`${a.name}.${c.name}: column only in ${leftName}`);
      else if (JSON.stringify(c) !== JSON.stringify(other)) out.push(`${a.name}.${c.name}: ${leftName} ${JSON.stringify(c)} vs ${rightName} ${JSON.stringify(other)}`);
    }
    for (const c of b.columns) if (!aColumns.has(c.name)) out.push(`${a.name}.${c.name}: column only in ${rightName}`);
    for (const key of ["primaryKey", "uniques", "indexes", "checks", "foreignKeys"] as const) {
      const x = JSON.stringify(a[key]);
      const y = JSON.stringify(b[key]);
      if (x !== y) out.push(`${a.name} ${key}: ${leftName} ${x} vs ${rightName} ${y}`);
    }
  }
  return out;
}
