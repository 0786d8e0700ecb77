pub mod image_ref;
pub mod images;
