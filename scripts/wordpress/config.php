<?php
// Template for a local site's config: scripts/wordpress.sh replaces each quoted {{NAME}}
// with a PHP literal and writes the result into the state folder.
// Debian's /usr/share/wordpress/wp-config.php loads it (through a stub in /etc/wordpress)
// and then defines ABSPATH and loads wp-settings.php.

define( 'DB_NAME', '{{DB_NAME}}' );
define( 'DB_USER', '{{DB_USER}}' );
define( 'DB_PASSWORD', '{{DB_PASSWORD}}' );
define( 'DB_HOST', '127.0.0.1:3306' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
$table_prefix = 'wp_';

define( 'WP_HOME', '{{URL}}' );
define( 'WP_SITEURL', '{{URL}}' );

// Uploads and must-use plugins live in the state folder, outside the packaged docroot.
define( 'WP_CONTENT_DIR', '{{STATE}}' . '/wp-content' );
define( 'WP_CONTENT_URL', '{{URL}}' . '/wp-content' );

// Application Passwords are only offered over https, or on a site whose environment is "local".
define( 'WP_ENVIRONMENT_TYPE', 'local' );
define( 'FS_METHOD', 'direct' );

// No outgoing traffic: no cron loopback requests, no update checks, no calls to wordpress.org.
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );

define( 'WP_DEBUG', false );

require '{{STATE}}' . '/salts.php';
