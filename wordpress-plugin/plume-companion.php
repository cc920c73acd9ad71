<?php
/**
 * Plugin Name: Plume Companion
 * Description: Lets the Plume publishing worker write SEO meta (Yoast SEO, Rank Math) through the REST API, find its posts and images again by source key, and check that this plugin is installed.
 * Version: 1.2.0
 * Requires at least: 6.1
 * Requires PHP: 7.4
 * Author: Plume
 * License: GPL-2.0-or-later
 *
 * Install as a must-use plugin: copy this file into wp-content/mu-plugins/.
 */

defined( 'ABSPATH' ) || exit;

// Installed both as a must-use and as a regular plugin: load once.
if ( defined( 'PLUME_COMPANION_VERSION' ) ) {
	return;
}

define( 'PLUME_COMPANION_VERSION', '1.2.0' );

/**
 * Post meta the worker writes. WordPress silently drops meta keys that are not registered
 * with show_in_rest, and the SEO plugins do not register theirs for REST.
 */
function plume_companion_post_meta_keys() {
	return array(
		'_yoast_wpseo_focuskw',
		'_yoast_wpseo_title',
		'_yoast_wpseo_metadesc',
		'rank_math_focus_keyword',
		'rank_math_title',
		'rank_math_description',
		'_plume_source_key',
		'_plume_report',
		'_plume_content_hash',
	);
}

/** Attachment meta the worker writes, so that a retried upload finds the first one. */
function plume_companion_attachment_meta_keys() {
	return array( '_plume_source_key' );
}

add_action(
	'init',
	function () {
		$args = array(
			// Shown to editors only (context "edit"): the report and keys say nothing to visitors,
			// and the source key would tell anyone which address a post was written from.
			'show_in_rest'  => array(
				'schema' => array(
					'type'    => 'string',
					'context' => array( 'edit' ),
				),
			),
			'single'        => true,
			'type'          => 'string',
			// Keys starting with "_" are protected: without this callback REST refuses to write them.
			'auth_callback' => function () {
				return current_user_can( 'edit_posts' );
			},
		);
		foreach ( plume_companion_post_meta_keys() as $key ) {
			register_post_meta( 'post', $key, $args );
		}
		foreach ( plume_companion_attachment_meta_keys() as $key ) {
			register_post_meta( 'attachment', $key, $args );
		}
	}
);

/** Adds the `plume_source_key` collection parameter to /wp/v2/posts and /wp/v2/media. */
function plume_companion_collection_params( $params ) {
	$params['plume_source_key'] = array(
		'description' => 'Limit the result to items whose _plume_source_key meta equals this value.',
		// No sanitize_text_field: it would alter keys (URLs with %xx) that the meta stores unchanged.
		'type'        => 'string',
	);
	return $params;
}

/** Turns `plume_source_key` into a meta query. */
function plume_companion_source_key_query( $args, $request ) {
	$source_key = $request['plume_source_key'];
	// Only editors may look posts up by source, for the same reason the key is hidden from visitors.
	if ( is_string( $source_key ) && '' !== $source_key && current_user_can( 'edit_posts' ) ) {
		$args['meta_query']   = isset( $args['meta_query'] ) ? $args['meta_query'] : array();
		$args['meta_query'][] = array(
			'key'     => '_plume_source_key',
			'value'   => $source_key,
			'compare' => '=',
		);
	}
	return $args;
}

add_filter( 'rest_post_collection_params', 'plume_companion_collection_params' );
add_filter( 'rest_attachment_collection_params', 'plume_companion_collection_params' );
add_filter( 'rest_post_query', 'plume_companion_source_key_query', 10, 2 );
add_filter( 'rest_attachment_query', 'plume_companion_source_key_query', 10, 2 );

add_action(
	'rest_api_init',
	function () {
		register_rest_route(
			'plume/v1',
			'/status',
			array(
				'methods'             => 'GET',
				'permission_callback' => function () {
					return current_user_can( 'edit_posts' );
				},
				'callback'            => function () {
					return array(
						'plugin'               => 'plume-companion',
						'version'              => PLUME_COMPANION_VERSION,
						'meta_keys'            => plume_companion_post_meta_keys(),
						'attachment_meta_keys' => plume_companion_attachment_meta_keys(),
					);
				},
			)
		);
	}
);
