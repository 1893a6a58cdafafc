import * as v from "valibot";
import { defineTopic } from "../../contracts/topics.ts";
import { keySlot } from "../key-slot.ts";

const probe = v.object({ n: v.number(), batch_id: v.optional(v.string()) });

/** Topics used only by the cluster bus tests; their names hash to different slots (checked below). */
export const ClusterTopics = [
  defineTopic("huleedu.test.cluster.alpha.v1", probe),
  defineTopic("huleedu.test.cluster.beta.v1", probe),
  defineTopic("huleedu.test.cluster.gamma.v1", probe),
  defineTopic("huleedu.test.cluster.delta.v1", probe),
] as const;

if (new Set(ClusterTopics.map((t) => keySlot(t.name))).size !== ClusterTopics.length) throw new Error("cluster test topics must hash to distinct slots");
