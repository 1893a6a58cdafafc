ALTER TABLE `cj_batches` ADD `answered_pairs` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `cj_batches` SET `answered_pairs` = (SELECT count(*) FROM `cj_pairs` WHERE `cj_pairs`.`batch_id` = `cj_batches`.`batch_id` AND `cj_pairs`.`status` = 'ANSWERED');
