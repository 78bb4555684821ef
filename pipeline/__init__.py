"""Council plans: plan documents in, normalised tables out."""
