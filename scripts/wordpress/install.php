<?php
// Installs WordPress into the site's (empty) database, or checks an existing install, then makes
// sure the admin user `plume` has an Application Password. Run by scripts/wordpress.sh with
// PLUME_WP_URL, PLUME_WP_CONFIG_KEY, PLUME_WP_ADMIN_PASSWORD and PLUME_WP_APP_PASSWORD (the one
// kept in the state folder, or empty) in the environment. Prints the Application Password on
// stdout, nothing else.

const PLUME_USER = 'plume';
const PLUME_APP_NAME = 'plume';

$url            = getenv( 'PLUME_WP_URL' );
$admin_password = getenv( 'PLUME_WP_ADMIN_PASSWORD' );
$app_password   = (string) getenv( 'PLUME_WP_APP_PASSWORD' );
if ( ! $url || ! getenv( 'PLUME_WP_CONFIG_KEY' ) || ! $admin_password ) {
	fwrite( STDERR, "install.php: PLUME_WP_URL, PLUME_WP_CONFIG_KEY and PLUME_WP_ADMIN_PASSWORD must be set\n" );
	exit( 2 );
}

// What Debian's wp-config.php and wp-settings.php read from a web request.
$_SERVER['HTTP_HOST']        = parse_url( $url, PHP_URL_HOST ) . ':' . parse_url( $url, PHP_URL_PORT );
$_SERVER['SERVER_NAME']      = parse_url( $url, PHP_URL_HOST );
$_SERVER['SERVER_PORT']      = (string) parse_url( $url, PHP_URL_PORT );
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'PLUME_WP_CONFIG_KEY' );

define( 'WP_INSTALLING', true );
require '/usr/share/wordpress/wp-load.php';

// wp_install() mails the admin and probes pretty permalinks with an HTTP request to the site:
// no mail server here, the site may be serving the database being replaced, and the worker
// relies on plain permalinks (?rest_route=).
function wp_new_blog_notification() {}
add_filter(
	'pre_http_request',
	function () {
		return new WP_Error( 'plume_offline', 'No HTTP requests while installing.' );
	}
);
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

if ( ! is_blog_installed() ) {
	$result = wp_install( 'Plume (local)', PLUME_USER, 'plume@example.test', false, '', wp_slash( $admin_password ) );
	$wp_rewrite->set_permalink_structure( '' );
	update_option( 'timezone_string', 'Europe/Paris' );
	fwrite( STDERR, "install.php: installed WordPress " . get_bloginfo( 'version' ) . " at $url\n" );
}

$user = get_user_by( 'login', PLUME_USER );
if ( ! $user ) {
	fwrite( STDERR, "install.php: the site has no user '" . PLUME_USER . "'; run scripts/wordpress.sh up --reset\n" );
	exit( 1 );
}

foreach ( WP_Application_Passwords::get_user_application_passwords( $user->ID ) as $item ) {
	if ( '' !== $app_password && wp_check_password( $app_password, $item['password'], $user->ID ) ) {
		echo $app_password, "\n";
		exit( 0 );
	}
	if ( PLUME_APP_NAME === $item['name'] ) {
		WP_Application_Passwords::delete_application_password( $user->ID, $item['uuid'] );
	}
}

// After a reset, give the new site the password kept in the state folder, so that running
// clients and tests keep working; the API has no other way to choose it.
if ( '' !== $app_password ) {
	add_filter(
		'random_password',
		function () use ( $app_password ) {
			return $app_password;
		}
	);
}
$created = WP_Application_Passwords::create_new_application_password( $user->ID, array( 'name' => PLUME_APP_NAME ) );
if ( is_wp_error( $created ) ) {
	fwrite( STDERR, 'install.php: could not create the Application Password: ' . $created->get_error_message() . "\n" );
	exit( 1 );
}
echo $created[0], "\n";
