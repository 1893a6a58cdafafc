CREATE TABLE `children` (
	`parent_id` text NOT NULL,
	`position` integer NOT NULL,
	`tag` text,
	PRIMARY KEY(`parent_id`, `position`),
	FOREIGN KEY (`parent_id`) REFERENCES `parents`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `children_tag_idx` ON `children` (`tag`);--> statement-breakpoint
CREATE UNIQUE INDEX `children_tag_parent_unique` ON `children` (`tag`,`parent_id`);--> statement-breakpoint
CREATE TABLE `parents` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`score` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "parents_status_check" CHECK("parents"."status" IN ('draft', 'published', 'archived'))
);
