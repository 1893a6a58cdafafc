export const SERVICE_NAME = "email";
