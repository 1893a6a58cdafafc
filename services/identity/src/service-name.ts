export const SERVICE_NAME = "identity";
