<?php
/**
 * Plugin Name: Plume Companion
 * Description: Lets the Plume publishing worker write SEO meta (Yoast SEO, Rank Math, All in One SEO, SEOPress) through the REST API, create or update its draft and image for a source exactly once, find them again by source key, and check that this plugin is installed.
 * Version: 1.5.0
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

define( 'PLUME_COMPANION_VERSION', '1.5.0' );

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
		'_aioseo_keywords',
		'_aioseo_title',
		'_aioseo_description',
		'_seopress_analysis_target_kw',
		'_seopress_titles_title',
		'_seopress_titles_desc',
		'_yoast_wpseo_canonical',
		'rank_math_canonical_url',
		'_aioseo_canonical_url',
		'_seopress_robots_canonical',
		'_plume_focus_keyword',
		'_plume_seo_title',
		'_plume_meta_description',
		'_plume_source_key',
		'_plume_report',
		'_plume_content_hash',
	);
}

/** Attachment meta the worker writes, so that a retried upload finds the first one. */
function plume_companion_attachment_meta_keys() {
	return array( '_plume_source_key' );
}

/**
 * Who may see Plume's meta, look items up by source key and ask for the status: editors.
 * A contributor or author who could write `_plume_source_key` would pass their own post or image
 * off as Plume's; one who could look keys up would learn where posts came from.
 */
function plume_companion_user_is_editor() {
	return current_user_can( 'edit_others_posts' );
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
			'auth_callback' => function ( $allowed, $meta_key ) {
				return 0 === strpos( $meta_key, '_plume_' ) ? plume_companion_user_is_editor() : current_user_can( 'edit_posts' );
			},
		);
		foreach ( plume_companion_post_meta_keys() as $key ) {
			register_post_meta( 'post', $key, $args );
		}
		foreach ( plume_companion_attachment_meta_keys() as $key ) {
			register_post_meta( 'attachment', $key, $args );
		}
		// Which user wrote the draft, set by this plugin alone: readable by editors, writable by no
		// REST request, so that a draft Plume attributes to an author stays Plume's to update.
		register_post_meta(
			'post',
			'_plume_writer',
			array_merge(
				$args,
				array(
					'auth_callback' => '__return_false',
				)
			)
		);
	}
);

/** The user who wrote `$post` for Plume: `_plume_writer`, else (drafts of plugin 1.3) its author. */
function plume_companion_writer( WP_Post $post ) {
	$writer = (int) get_post_meta( $post->ID, '_plume_writer', true );
	return $writer > 0 ? $writer : (int) $post->post_author;
}

/** Adds the `plume_source_key` collection parameter to /wp/v2/posts and /wp/v2/media. */
function plume_companion_collection_params( $params ) {
	$params['plume_source_key'] = array(
		'description' => 'Limit the result to items whose _plume_source_key meta equals this value (editors only).',
		// No sanitize_text_field: it would alter keys (URLs with %xx) that the meta stores unchanged.
		'type'        => 'string',
	);
	return $params;
}

/** Turns `plume_source_key` into a meta query; for anyone but an editor it finds nothing. */
function plume_companion_source_key_query( $args, $request ) {
	$source_key = $request['plume_source_key'];
	if ( ! is_string( $source_key ) || '' === $source_key ) {
		return $args;
	}
	if ( ! plume_companion_user_is_editor() ) {
		$args['post__in'] = array( 0 );
		return $args;
	}
	$args['meta_query']   = isset( $args['meta_query'] ) ? $args['meta_query'] : array();
	$args['meta_query'][] = array(
		'key'     => '_plume_source_key',
		'value'   => $source_key,
		'compare' => '=',
	);
	return $args;
}

add_filter( 'rest_post_collection_params', 'plume_companion_collection_params' );
add_filter( 'rest_attachment_collection_params', 'plume_companion_collection_params' );
add_filter( 'rest_post_query', 'plume_companion_source_key_query', 10, 2 );
add_filter( 'rest_attachment_query', 'plume_companion_source_key_query', 10, 2 );

/** Ids of the items of `$post_type` (trash aside) whose source key is `$source_key`, oldest first. */
function plume_companion_ids_by_source_key( $post_type, $source_key ) {
	return get_posts(
		array(
			'post_type'        => $post_type,
			'post_status'      => 'attachment' === $post_type ? 'inherit' : 'any',
			'meta_key'         => '_plume_source_key',
			'meta_value'       => $source_key,
			'orderby'          => 'ID',
			'order'            => 'ASC',
			'fields'           => 'ids',
			'posts_per_page'   => 100,
			'no_found_rows'    => true,
			'suppress_filters' => true,
		)
	);
}

/** The content as the worker hashes it: JavaScript's String.prototype.trim, then SHA-256. */
function plume_companion_content_hash( $content ) {
	$space   = '\s\x{00a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}\x{feff}';
	$trimmed = preg_replace( "/^[$space]+|[$space]+\$/u", '', $content );
	return null === $trimmed ? '' : hash( 'sha256', $trimmed );
}

/**
 * Why `$post` is not Plume's draft to write, or null when it is: Plume's own user wrote it, it is
 * still a draft, and its content is what Plume last wrote (its hash matches the stored one).
 */
function plume_companion_not_plumes( WP_Post $post ) {
	$data = array(
		'status'  => 409,
		'post_id' => $post->ID,
	);
	if ( ! in_array( $post->post_status, array( 'draft', 'pending' ), true ) ) {
		return new WP_Error( 'plume_not_draft', sprintf( 'Post %d of this source has status "%s": Plume only writes drafts and will not overwrite it.', $post->ID, $post->post_status ), $data );
	}
	if ( plume_companion_writer( $post ) !== get_current_user_id() ) {
		// The author's id, not their login: the message reaches whoever reads the job's error.
		return new WP_Error(
			'plume_not_owner',
			sprintf(
				'Post %d carries this source key but was created by user %d, not by Plume\'s user: it is not Plume\'s and is left untouched. Delete it or remove its _plume_source_key to have Plume write its draft.',
				$post->ID,
				(int) $post->post_author
			),
			$data
		);
	}
	$stored_hash = (string) get_post_meta( $post->ID, '_plume_content_hash', true );
	if ( '' === $stored_hash || ! hash_equals( $stored_hash, plume_companion_content_hash( $post->post_content ) ) ) {
		return new WP_Error( 'plume_edited', sprintf( 'Draft %d of this source was edited since Plume wrote it: it is not overwritten. Delete it in WordPress to have Plume write a new one.', $post->ID ), $data );
	}
	return null;
}

/**
 * Runs `$work` holding a MySQL lock named after the source key, so that two workers (or two
 * attempts of one job) never find nothing at once and both create. Released when `$work` ends.
 */
function plume_companion_locked( $kind, $source_key, callable $work ) {
	global $wpdb;
	// Lock names are limited to 64 characters.
	$name = 'plume_' . $kind . '_' . md5( $source_key );
	if ( '1' !== (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $name, 30 ) ) ) {
		return new WP_Error( 'plume_busy', 'Another request is saving this source\'s ' . $kind . ' and still holds its lock after 30 s; try again.', array( 'status' => 503 ) );
	}
	try {
		return $work();
	} finally {
		$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
	}
}

/** Runs a core REST request inside this one: core's validation, terms, meta and answer shape. */
function plume_companion_dispatch( WP_REST_Request $inner ) {
	$response = rest_do_request( $inner );
	if ( $response->is_error() ) {
		return $response->as_error();
	}
	return rest_get_server()->response_to_data( $response, false );
}

/** POST /plume/v1/drafts: creates Plume's draft for a source, or updates the one it made before. */
function plume_companion_save_draft( WP_REST_Request $request ) {
	$source_key = $request['source_key'];
	$fields     = $request['post'];
	$status     = isset( $fields['status'] ) ? $fields['status'] : 'draft';
	if ( ! in_array( $status, array( 'draft', 'pending' ), true ) ) {
		return new WP_Error( 'plume_not_draft_status', 'post.status must be "draft" or "pending".', array( 'status' => 400 ) );
	}
	$fields['status'] = $status;
	// The draft's writer is the current user (`_plume_writer`): that is what makes it Plume's on
	// the next call. Its author may be another user, who must be able to write posts.
	$author = isset( $fields['author'] ) ? (int) $fields['author'] : 0;
	unset( $fields['author'], $fields['id'] );
	if ( $author > 0 ) {
		if ( ! get_userdata( $author ) || ! user_can( $author, 'edit_posts' ) ) {
			return new WP_Error( 'plume_bad_author', sprintf( 'post.author: user %d does not exist or may not write posts.', $author ), array( 'status' => 400 ) );
		}
		$fields['author'] = $author;
	}
	$fields['meta'] = array_merge( isset( $fields['meta'] ) && is_array( $fields['meta'] ) ? $fields['meta'] : array(), array( '_plume_source_key' => $source_key ) );

	return plume_companion_locked(
		'post',
		$source_key,
		function () use ( $source_key, $fields ) {
			$ids = plume_companion_ids_by_source_key( 'post', $source_key );
			if ( empty( $ids ) ) {
				$inner   = new WP_REST_Request( 'POST', '/wp/v2/posts' );
				$outcome = 'created';
			} else {
				$problem = plume_companion_not_plumes( get_post( $ids[0] ) );
				if ( null !== $problem ) {
					return $problem;
				}
				$inner   = new WP_REST_Request( 'POST', '/wp/v2/posts/' . $ids[0] );
				$outcome = 'updated';
			}
			$inner->set_body_params( $fields );
			$post = plume_companion_dispatch( $inner );
			if ( is_wp_error( $post ) ) {
				return $post;
			}
			update_post_meta( $post['id'], '_plume_writer', (string) get_current_user_id() );
			$post['meta']['_plume_writer'] = (string) get_current_user_id();
			return array(
				'outcome' => $outcome,
				'post'    => $post,
			);
		}
	);
}

/**
 * POST /plume/v1/media: the body is the image, as for /wp/v2/media. Returns the image Plume's user
 * uploaded for this source before, else uploads this one. Images of other users that carry the
 * key are never used, and listed in `foreign`.
 */
function plume_companion_save_media( WP_REST_Request $request ) {
	$source_key = $request['source_key'];
	return plume_companion_locked(
		'media',
		$source_key,
		function () use ( $request, $source_key ) {
			$own     = null;
			$foreign = array();
			foreach ( plume_companion_ids_by_source_key( 'attachment', $source_key ) as $id ) {
				if ( (int) get_post_field( 'post_author', $id ) !== get_current_user_id() ) {
					$foreign[] = $id;
				} elseif ( null === $own ) {
					$own = $id;
				}
			}
			if ( null !== $own ) {
				return array(
					'outcome' => 'existing',
					'media'   => array(
						'id'         => $own,
						'source_url' => wp_get_attachment_url( $own ),
					),
					'foreign' => $foreign,
				);
			}
			$inner = new WP_REST_Request( 'POST', '/wp/v2/media' );
			$inner->set_body( $request->get_body() );
			$inner->set_header( 'content-type', $request->get_header( 'content_type' ) );
			$inner->set_header( 'content-disposition', $request->get_header( 'content_disposition' ) );
			$params = array(
				'alt_text' => $request['alt_text'],
				'meta'     => array( '_plume_source_key' => $source_key ),
			);
			if ( is_string( $request['title'] ) ) {
				$params['title'] = $request['title'];
			}
			if ( is_string( $request['caption'] ) && '' !== $request['caption'] ) {
				$params['caption'] = $request['caption'];
			}
			$inner->set_query_params( $params );
			$media = plume_companion_dispatch( $inner );
			return is_wp_error( $media ) ? $media : array(
				'outcome' => 'created',
				'media'   => array(
					'id'         => $media['id'],
					'source_url' => $media['source_url'],
				),
				'foreign' => $foreign,
			);
		}
	);
}

/**
 * POST /plume/v1/terms: the id of the category or tag named `name`, created when missing. One rule
 * for accents and case: a term is the same when WordPress makes the same slug of its name
 * (sanitize_title: accents removed, lower case, so "Économie" is "economie"), or when its name is
 * equal ignoring case; never a second term whose slug only gains "-2". Under a MySQL lock named
 * after that slug, so that two workers creating the same new term at once get one.
 */
function plume_companion_ensure_term( WP_REST_Request $request ) {
	$taxonomy = 'tags' === $request['taxonomy'] ? 'post_tag' : 'category';
	$name     = trim( (string) $request['name'] );
	$slug     = sanitize_title( $name );
	if ( '' === $name || '' === $slug ) {
		return new WP_Error( 'plume_empty_term', 'name: expected a term name with a letter or digit.', array( 'status' => 400 ) );
	}
	if ( ! current_user_can( get_taxonomy( $taxonomy )->cap->manage_terms ) ) {
		return new WP_Error( 'plume_cannot_manage_terms', sprintf( 'This user may not create terms of %s.', $taxonomy ), array( 'status' => 403 ) );
	}
	return plume_companion_locked(
		'term',
		$taxonomy . ':' . $slug,
		function () use ( $taxonomy, $name, $slug ) {
			$term = get_term_by( 'slug', $slug, $taxonomy );
			if ( ! $term ) {
				$term = get_term_by( 'name', $name, $taxonomy );
			}
			if ( $term ) {
				return array(
					'outcome' => 'existing',
					'id'      => (int) $term->term_id,
				);
			}
			$created = wp_insert_term( $name, $taxonomy, array( 'slug' => $slug ) );
			if ( is_wp_error( $created ) ) {
				$existing = $created->get_error_data( 'term_exists' );
				if ( is_numeric( $existing ) ) {
					return array(
						'outcome' => 'existing',
						'id'      => (int) $existing,
					);
				}
				return $created;
			}
			return array(
				'outcome' => 'created',
				'id'      => (int) $created['term_id'],
			);
		}
	);
}

add_action(
	'rest_api_init',
	function () {
		$source_key = array(
			'type'      => 'string',
			'required'  => true,
			'minLength' => 1,
		);
		register_rest_route(
			'plume/v1',
			'/status',
			array(
				'methods'             => 'GET',
				'permission_callback' => 'plume_companion_user_is_editor',
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
		register_rest_route(
			'plume/v1',
			'/drafts',
			array(
				'methods'             => 'POST',
				'permission_callback' => 'plume_companion_user_is_editor',
				'args'                => array(
					'source_key' => $source_key,
					'post'       => array(
						'type'     => 'object',
						'required' => true,
					),
				),
				'callback'            => 'plume_companion_save_draft',
			)
		);
		register_rest_route(
			'plume/v1',
			'/terms',
			array(
				'methods'             => 'POST',
				'permission_callback' => 'plume_companion_user_is_editor',
				'args'                => array(
					'taxonomy' => array(
						'type'     => 'string',
						'enum'     => array( 'categories', 'tags' ),
						'required' => true,
					),
					'name'     => array(
						'type'      => 'string',
						'required'  => true,
						'minLength' => 1,
						'maxLength' => 200,
					),
				),
				'callback'            => 'plume_companion_ensure_term',
			)
		);
		register_rest_route(
			'plume/v1',
			'/media',
			array(
				'methods'             => 'POST',
				'permission_callback' => function () {
					return plume_companion_user_is_editor() && current_user_can( 'upload_files' );
				},
				'args'                => array(
					'source_key' => $source_key,
					'alt_text'   => array(
						'type'    => 'string',
						'default' => '',
					),
					'title'      => array( 'type' => 'string' ),
					'caption'    => array( 'type' => 'string' ),
				),
				'callback'            => 'plume_companion_save_media',
			)
		);
	}
);
