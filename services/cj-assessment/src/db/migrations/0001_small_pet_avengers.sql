-- Anchor assignments scoped per owner (issue 13, anchor squatting): the key becomes
-- (owner_user_id, assignment_id) and the owner moves onto each anchor row. The migrator runs in a
-- transaction, where PRAGMA foreign_keys cannot be switched off, so the old tables are renamed
-- aside (SQLite rewrites the child's reference), the new ones created and filled, the old dropped
-- child first.
ALTER TABLE `anchors` RENAME TO `__old_anchors`;--> statement-breakpoint
ALTER TABLE `anchor_assignments` RENAME TO `__old_anchor_assignments`;--> statement-breakpoint
CREATE TABLE `anchor_assignments` (
	`owner_user_id` text NOT NULL,
	`assignment_id` text NOT NULL,
	`grade_scale` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`owner_user_id`, `assignment_id`)
);
--> statement-breakpoint
INSERT INTO `anchor_assignments`("owner_user_id", "assignment_id", "grade_scale", "created_at", "updated_at") SELECT "owner_user_id", "assignment_id", "grade_scale", "created_at", "updated_at" FROM `__old_anchor_assignments`;--> statement-breakpoint
CREATE TABLE `anchors` (
	`owner_user_id` text NOT NULL,
	`assignment_id` text NOT NULL,
	`anchor_id` text NOT NULL,
	`grade` text NOT NULL,
	`text` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`owner_user_id`, `assignment_id`, `anchor_id`),
	FOREIGN KEY (`owner_user_id`,`assignment_id`) REFERENCES `anchor_assignments`(`owner_user_id`,`assignment_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `anchors`("owner_user_id", "assignment_id", "anchor_id", "grade", "text", "created_at", "updated_at") SELECT aa."owner_user_id", a."assignment_id", a."anchor_id", a."grade", a."text", a."created_at", a."updated_at" FROM `__old_anchors` a JOIN `__old_anchor_assignments` aa ON aa."assignment_id" = a."assignment_id";--> statement-breakpoint
DROP TABLE `__old_anchors`;--> statement-breakpoint
DROP TABLE `__old_anchor_assignments`;
