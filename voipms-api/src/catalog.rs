//! The crate's tables (function metadata, decoders by wire name, updates, sample answers), made
//! of what each enabled category provides.
//!
//! Each generated category module states its own functions' rows (`CATEGORY`); the generated
//! `mod.rs` lists the enabled categories (`CATEGORIES`); the tables users see, [`FUNCTIONS`]
//! and [`UPDATES`], are [`Table`] views over them. So a category that is turned off costs nothing at build time,
//! and a new function changes its category's generated file alone.

use std::fmt;
use std::iter::FusedIterator;

use crate::category::Category;
pub(crate) use crate::generated::CATEGORIES;
use crate::meta::FunctionMeta;
use crate::update::UpdateMeta;

/// Every function of the enabled categories, in spec order.
pub static FUNCTIONS: Table<FunctionMeta> = Table::new(|c| c.functions);

/// Every setter with a read source in the enabled categories, in spec order (see
/// [`crate::update`]).
pub static UPDATES: Table<UpdateMeta> = Table::new(|c| c.updates);

/// The function with this wire name (of the enabled categories).
pub fn function(name: &str) -> Option<&'static FunctionMeta> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

impl UpdateMeta {
    /// The entry of setter `name` (wire name, ASCII case ignored).
    pub fn find(name: &str) -> Option<&'static UpdateMeta> {
        UPDATES.iter().find(|u| u.setter.eq_ignore_ascii_case(name))
    }
}

/// A table made of every enabled category's rows, in spec order: iterate it (`.iter()`,
/// `for row in &TABLE`), count it, or take a row by position.
pub struct Table<T: 'static> {
    part: fn(&'static Category) -> &'static [T],
}

impl<T> Table<T> {
    /// The table of the part `part` of each category.
    pub(crate) const fn new(part: fn(&'static Category) -> &'static [T]) -> Self {
        Table { part }
    }

    /// Every row, in spec order.
    pub fn iter(&self) -> Iter<T> {
        Iter {
            categories: CATEGORIES.iter(),
            current: [].iter(),
            part: self.part,
        }
    }

    /// How many rows (of the enabled categories).
    pub fn len(&self) -> usize {
        CATEGORIES.iter().map(|c| (self.part)(c).len()).sum()
    }

    /// No rows: every category that has some is turned off.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The row at `index` (spec order), if there is one.
    pub fn get(&self, index: usize) -> Option<&'static T> {
        self.iter().nth(index)
    }
}

// By hand: a derive would ask `T: Clone`, and a table is only a function pointer.
impl<T> Clone for Table<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Table<T> {}

impl<T: fmt::Debug> fmt::Debug for Table<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<T> IntoIterator for Table<T> {
    type Item = &'static T;
    type IntoIter = Iter<T>;

    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

impl<T> IntoIterator for &Table<T> {
    type Item = &'static T;
    type IntoIter = Iter<T>;

    fn into_iter(self) -> Iter<T> {
        self.iter()
    }
}

/// The rows of a [`Table`], in spec order.
pub struct Iter<T: 'static> {
    categories: std::slice::Iter<'static, &'static Category>,
    current: std::slice::Iter<'static, T>,
    part: fn(&'static Category) -> &'static [T],
}

impl<T> Clone for Iter<T> {
    fn clone(&self) -> Self {
        Iter {
            categories: self.categories.clone(),
            current: self.current.clone(),
            part: self.part,
        }
    }
}

impl<T> fmt::Debug for Iter<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Iter")
            .field("left", &self.len())
            .finish_non_exhaustive()
    }
}

impl<T> Iterator for Iter<T> {
    type Item = &'static T;

    fn next(&mut self) -> Option<&'static T> {
        loop {
            if let Some(row) = self.current.next() {
                return Some(row);
            }
            self.current = (self.part)(self.categories.next()?).iter();
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = self.current.len()
            + self
                .categories
                .clone()
                .map(|c| (self.part)(c).len())
                .sum::<usize>();
        (left, Some(left))
    }
}

impl<T> ExactSizeIterator for Iter<T> {}

impl<T> FusedIterator for Iter<T> {}

#[cfg(test)]
mod tests {
    use super::FUNCTIONS;

    #[test]
    fn the_function_table_is_every_category_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), FUNCTIONS.len());
        assert_eq!(FUNCTIONS.iter().len(), FUNCTIONS.len());
        assert_eq!(
            FUNCTIONS.get(names.len() - 1).map(|f| f.name),
            names.last().copied()
        );
        assert!(FUNCTIONS.get(names.len()).is_none());
        // Rows of a category stay together, categories in spec (file) order.
        let mut features: Vec<&str> = FUNCTIONS.iter().map(|f| f.feature).collect();
        features.dedup();
        let mut sorted = features.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(features.len(), sorted.len());
        assert_eq!((&FUNCTIONS).into_iter().count(), names.len());
    }
}
