// Commits a state change with its event through the unit of work, then dies before any publish.
import { openDatabase } from "../database.ts";
import { createUnitOfWork } from "../unit-of-work.ts";
import { ProbeTopic } from "../../bus/test-fixtures/probe-topic.ts";

const [path] = process.argv.slice(2) as [string];
const { db } = openDatabase(path, `${import.meta.dir}/migrations`);
const uow = createUnitOfWork(db);
uow.run((_tx, emit) => emit(ProbeTopic, { data: { n: 42 }, source: "test", correlationId: "crash" }));
process.exit(9);
