/* Loaded before vendor/decap-cms.js: Decap waits for gongkai-admin.js, which registers the front-matter
   format, the preview and the year of the folder, then starts it with the generated config. */
window.CMS_MANUAL_INIT = true;
