"""Moving worlds in and out: a site exported in the seed format, and one collection as Webflow's CMS CSV."""
