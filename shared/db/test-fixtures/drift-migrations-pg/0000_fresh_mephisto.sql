CREATE TABLE "children" (
	"parent_id" text NOT NULL,
	"position" integer NOT NULL,
	"tag" text,
	CONSTRAINT "children_parent_id_position_pk" PRIMARY KEY("parent_id","position"),
	CONSTRAINT "children_tag_parent_unique" UNIQUE("tag","parent_id")
);
--> statement-breakpoint
CREATE TABLE "parents" (
	"id" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "parents_status_check" CHECK ("parents"."status" IN ('draft', 'published', 'archived'))
);
--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_parent_id_parents_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."parents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "children_tag_idx" ON "children" USING btree ("tag");