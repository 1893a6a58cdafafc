import * as v from "valibot";
import { EmailRecordSchema } from "@shared/contracts/events/email.ts";

export { EmailRecordSchema };

export const MessageParamsSchema = v.object({ message_id: v.pipe(v.string(), v.minLength(1), v.maxLength(100)) });
export const RecipientQuerySchema = v.object({
  recipient: v.pipe(v.string(), v.trim(), v.toLowerCase(), v.email("recipient must be an e-mail address")),
});
export const EmailListSchema = v.pipe(v.object({ emails: v.array(EmailRecordSchema) }), v.title("EmailList"));
export type EmailRecord = v.InferOutput<typeof EmailRecordSchema>;
