-- The plan items of the filtered schools (plan_item_details carries the five filter columns).
SELECT cc.* FROM plan_item_details cc WHERE TRUE {cube_where}
