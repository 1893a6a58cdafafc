import { customType } from "drizzle-orm/pg-core";

/** PostgreSQL `bytea`, read and written as a Buffer (the pg twin of SQLite's `blob({ mode: "buffer" })`). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});
