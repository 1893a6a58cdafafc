import * as v from "valibot";
import { defineTopic } from "../../contracts/topics.ts";

/** A topic used only by the bus tests. */
export const ProbeTopic = defineTopic("huleedu.test.probe.v1", v.object({ n: v.number(), batch_id: v.optional(v.string()) }));
