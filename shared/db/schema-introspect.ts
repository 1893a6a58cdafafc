import type { Database } from "bun:sqlite";
import type { SQL } from "bun";
import { checkLiterals, familyOf, normalise, type TableShape } from "./schema-shape.ts";

// What a migrated database actually holds, in the shape the drift test compares (see schema-shape.ts).
// Drizzle's own bookkeeping tables are left out.

interface SqliteColumn { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }
interface SqliteIndex { name: string; unique: number; origin: "c" | "u" | "pk"; partial: number }
interface SqliteForeignKey { id: number; seq: number; table: string; from: string; to: string; on_delete: string }

/** Every user table of a SQLite database. */
export function introspectSqlite(sqlite: Database): TableShape[] {
  const tables = sqlite
    .query("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name")
    .all() as { name: string; sql: string }[];
  return tables.map(({ name, sql }) => {
    const quoted = name.replaceAll('"', '""');
    const cols = sqlite.query(`PRAGMA table_info("${quoted}")`).all() as SqliteColumn[];
    const primaryKey = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    const uniques: string[] = [];
    const indexes: TableShape["indexes"] = [];
    for (const index of sqlite.query(`PRAGMA index_list("${quoted}")`).all() as SqliteIndex[]) {
      if (index.origin === "pk") continue;
      const columns = (sqlite.query(`PRAGMA index_info("${index.name.replaceAll('"', '""')}")`).all() as { name: string }[]).map((c) => c.name);
      if (index.unique === 1 && index.partial === 0) uniques.push([...columns].sort().join(","));
      else indexes.push({ name: index.name, columns, partial: index.partial === 1 });
    }
    const fks = sqlite.query(`PRAGMA foreign_key_list("${quoted}")`).all() as SqliteForeignKey[];
    const fkIds = [...new Set(fks.map((f) => f.id))];
    return normalise({
      name,
      columns: cols.map((c) => ({ name: c.name, type: familyOf(c.type), notNull: c.notnull === 1 || c.pk > 0, sqlDefault: c.dflt_value !== null })),
      primaryKey,
      uniques,
      indexes,
      checks: sqliteChecks(sql),
      foreignKeys: fkIds.map((id) => {
        const parts = fks.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
        return { columns: parts.map((p) => p.from), table: parts[0]!.table, references: parts.map((p) => p.to), onDelete: parts[0]!.on_delete.toLowerCase() };
      }),
    });
  });
}

/** Named CHECKs of a CREATE TABLE statement: `CONSTRAINT "name" CHECK(...)`, parentheses balanced. */
function sqliteChecks(createSql: string): TableShape["checks"] {
  const checks: TableShape["checks"] = [];
  const pattern = /CONSTRAINT\s+["`]?([\w]+)["`]?\s+CHECK\s*\(/gi;
  for (let m = pattern.exec(createSql); m; m = pattern.exec(createSql)) {
    let depth = 1;
    let i = pattern.lastIndex;
    let inString = false;
    for (; i < createSql.length && depth > 0; i++) {
      const ch = createSql[i];
      if (ch === "'") inString = !inString;
      else if (!inString && ch === "(") depth++;
      else if (!inString && ch === ")") depth--;
    }
    checks.push({ name: m[1]!, literals: checkLiterals(createSql.slice(pattern.lastIndex, i - 1)) });
  }
  return checks;
}

/** Every table of the `public` schema of a PostgreSQL database. */
export async function introspectPostgres(client: SQL): Promise<TableShape[]> {
  const tables: { name: string }[] = await client`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;
  const shapes: TableShape[] = [];
  for (const { name } of tables) {
    const cols: { name: string; type: string; nullable: string; dflt: string | null }[] = await client`
      SELECT column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ${name}`;
    const constraints: { name: string; kind: string; columns: string[]; def: string; ref_table: string | null; ref_columns: string[] | null; on_delete: string }[] = await client`
      SELECT c.conname AS name, c.contype AS kind, pg_get_constraintdef(c.oid) AS def,
        ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o) AS columns,
        c.confrelid::regclass::text AS ref_table,
        ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o) AS ref_columns,
        c.confdeltype AS on_delete
      FROM pg_constraint c WHERE c.conrelid = ${`public.${name}`}::regclass`;
    const indexes: { name: string; unique: boolean; partial: boolean; columns: string[] }[] = await client`
      SELECT ic.relname AS name, i.indisunique AS unique, i.indpred IS NOT NULL AS partial,
        ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(n, o) JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o) AS columns
      FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indrelid = ${`public.${name}`}::regclass AND NOT i.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid)`;
    const primaryKey = constraints.find((c) => c.kind === "p")?.columns ?? [];
    const uniques = constraints.filter((c) => c.kind === "u").map((c) => [...c.columns].sort().join(","));
    for (const index of indexes) if (index.unique && !index.partial) uniques.push([...index.columns].sort().join(","));
    shapes.push(normalise({
      name,
      columns: cols.map((c) => ({
        name: c.name, type: familyOf(c.type), notNull: c.nullable === "NO",
        // A serial's nextval() is how PostgreSQL numbers rows, the twin of SQLite's rowid: not a default.
        sqlDefault: c.dflt !== null && !c.dflt.startsWith("nextval("),
      })),
      primaryKey,
      uniques,
      indexes: indexes.filter((i) => !i.unique || i.partial).map((i) => ({ name: i.name, columns: i.columns, partial: i.partial })),
      checks: constraints.filter((c) => c.kind === "c").map((c) => ({ name: c.name, literals: checkLiterals(c.def) })),
      foreignKeys: constraints.filter((c) => c.kind === "f").map((c) => ({
        columns: c.columns, table: c.ref_table ?? "", references: c.ref_columns ?? [], onDelete: PG_ACTIONS[c.on_delete] ?? c.on_delete,
      })),
    }));
  }
  return shapes;
}

const PG_ACTIONS: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };
