CREATE TABLE "cluster_name_holds" (
	"instance_id" text NOT NULL,
	"name" text NOT NULL,
	"sender" text NOT NULL,
	"held_until" bigint,
	CONSTRAINT "cluster_name_holds_instance_id_name_pk" PRIMARY KEY("instance_id","name")
);
--> statement-breakpoint
ALTER TABLE "cluster_name_holds" ADD CONSTRAINT "cluster_name_holds_instance_id_cluster_instances_instance_id_fk" FOREIGN KEY ("instance_id") REFERENCES "public"."cluster_instances"("instance_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cluster_name_holds_name" ON "cluster_name_holds" USING btree ("name");