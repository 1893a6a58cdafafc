/** Consumer group, event source, LLM requester name and log/metric label of this service. */
export const SERVICE_NAME = "ai-feedback";
