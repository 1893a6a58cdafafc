export const SERVICE_NAME = "class-management";
