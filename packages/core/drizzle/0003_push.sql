CREATE TABLE `notification_settings` (
	`id` text PRIMARY KEY NOT NULL,
	`session_id` text,
	`complete` integer,
	`crashed` integer,
	`approval` integer,
	`push_while_viewing` integer,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notification_settings_scope_check" CHECK(("notification_settings"."id" = 'global' AND "notification_settings"."session_id" IS NULL) OR ("notification_settings"."session_id" = "notification_settings"."id" AND "notification_settings"."push_while_viewing" IS NULL))
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`session_id` text NOT NULL,
	`session_name` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`approval_id` text,
	`created_at` text NOT NULL,
	`read_at` text,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notifications_created_at_idx` ON `notifications` (`created_at`);--> statement-breakpoint
CREATE INDEX `notifications_session_idx` ON `notifications` (`session_id`,`read_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_approval_unique` ON `notifications` (`approval_id`);--> statement-breakpoint
CREATE TABLE `push_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text NOT NULL,
	`subscription_id` text,
	`device_name` text NOT NULL,
	`endpoint_origin` text NOT NULL,
	`notification_id` integer,
	`event` text NOT NULL,
	`session_id` text,
	`attempt` integer NOT NULL,
	`outcome` text NOT NULL,
	`status` integer,
	`error` text,
	FOREIGN KEY (`subscription_id`) REFERENCES `push_subscriptions`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`notification_id`) REFERENCES `notifications`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`session_id`) REFERENCES `sessions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `push_deliveries_at_idx` ON `push_deliveries` (`at`);--> statement-breakpoint
CREATE INDEX `push_deliveries_subscription_idx` ON `push_deliveries` (`subscription_id`,`id`);--> statement-breakpoint
CREATE TABLE `push_subscriptions` (
	`id` text PRIMARY KEY NOT NULL,
	`endpoint` text NOT NULL,
	`p256dh` text NOT NULL,
	`auth` text NOT NULL,
	`name` text NOT NULL,
	`user_agent` text,
	`platform` text,
	`expiration_time` integer,
	`created_at` text NOT NULL,
	`last_seen_at` text NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `push_subscriptions_endpoint_unique` ON `push_subscriptions` (`endpoint`);