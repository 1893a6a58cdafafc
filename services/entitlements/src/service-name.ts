/** Consumer group, event source and log/metric label of this service. */
export const SERVICE_NAME = "entitlements";
