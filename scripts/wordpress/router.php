<?php
// Router for PHP's built-in server (php -S … router.php). php -S passes no environment
// variables into $_SERVER, so this points Debian's wp-config.php at the site's config, and
// serves /wp-content/* from the state folder, where uploads and mu-plugins live.

$state      = getenv( 'PLUME_WP_STATE' );
$config_key = getenv( 'PLUME_WP_CONFIG_KEY' );
if ( ! $state || ! $config_key ) {
	http_response_code( 500 );
	echo "router.php: PLUME_WP_STATE and PLUME_WP_CONFIG_KEY must be set (start the server with scripts/wordpress.sh up)\n";
	return true;
}
// Debian's wp-config.php accepts a name here, and loads /etc/wordpress/config-<name>.php.
$_SERVER['WORDPRESS_CONFIG'] = $config_key;

$path = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
if ( in_array( '..', explode( '/', $path ), true ) ) {
	http_response_code( 404 );
	return true;
}

if ( 0 === strpos( $path, '/wp-content/' ) ) {
	$file = $state . $path;
	if ( ! is_file( $file ) || '.php' === substr( $file, -4 ) ) {
		http_response_code( 404 );
		return true;
	}
	// Browsers refuse stylesheets and scripts sent as text/plain, which is what libmagic says.
	$types = array(
		'css'   => 'text/css',
		'js'    => 'text/javascript',
		'json'  => 'application/json',
		'svg'   => 'image/svg+xml',
		'woff'  => 'font/woff',
		'woff2' => 'font/woff2',
	);
	$ext = strtolower( pathinfo( $file, PATHINFO_EXTENSION ) );
	header( 'Content-Type: ' . ( $types[ $ext ] ?? ( mime_content_type( $file ) ?: 'application/octet-stream' ) ) );
	header( 'Content-Length: ' . filesize( $file ) );
	readfile( $file );
	return true;
}

$docroot = $_SERVER['DOCUMENT_ROOT'];
if ( is_dir( $docroot . $path ) ) {
	if ( '/' !== substr( $path, -1 ) ) {
		$query = parse_url( $_SERVER['REQUEST_URI'], PHP_URL_QUERY );
		header( 'Location: ' . $path . '/' . ( $query ? '?' . $query : '' ), true, 301 );
		return true;
	}
	$path .= 'index.php';
}
$script = $docroot . $path;
if ( ! is_file( $script ) ) {
	$script = $docroot . '/index.php';
} elseif ( '.php' !== substr( $script, -4 ) ) {
	return false; // A static file of the docroot: php -S serves it.
}
$_SERVER['SCRIPT_FILENAME'] = $script;
$_SERVER['SCRIPT_NAME']     = substr( $script, strlen( $docroot ) );
$_SERVER['PHP_SELF']        = $_SERVER['SCRIPT_NAME'];
chdir( dirname( $script ) );
require $script;
