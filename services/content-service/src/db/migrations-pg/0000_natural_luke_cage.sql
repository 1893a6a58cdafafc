CREATE TABLE "contents" (
	"storage_id" text PRIMARY KEY NOT NULL,
	"sha256" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"media_type" text NOT NULL,
	"body" "bytea" NOT NULL,
	"created_at" text NOT NULL
);
