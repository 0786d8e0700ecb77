//! A persistent map from variable name to its value in effect: the ENV a stage ends with.
//!
//! `FROM <stage>` inherits the parent's whole ENV. Copying it into every child made a chain of
//! stages quadratic in time and memory (each of n stages copied up to n variables). A `Scope`
//! is a hash trie whose nodes are shared: cloning it is one reference count, and setting a
//! variable copies only the path to its leaf (at most 16 nodes, about 3 for a realistic file),
//! so every stage keeps its own view at a cost proportional to what it sets.

use super::stage::Var;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

/// The bits of the hash used at each level of the trie.
const BITS: u32 = 4;
const MASK: u64 = (1 << BITS) - 1;

#[derive(Debug)]
enum Node {
    /// Variables whose names share one hash (all of them, past the last level).
    Leaf { hash: u64, vars: Vec<Arc<Var>> },
    /// Children by the next `BITS` bits of the hash; `bitmap` says which are present.
    Branch {
        bitmap: u16,
        children: Vec<Arc<Node>>,
    },
}

/// Name → the last `Var` that set it. Clone is O(1).
#[derive(Debug, Clone, Default)]
pub struct Scope {
    root: Option<Arc<Node>>,
}

fn hash_of(name: &str) -> u64 {
    // A fixed SipHash key: the trie's shape does not depend on the run, and equal hashes only
    // share a leaf (compared by name), they never make a lookup wrong.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

impl Scope {
    /// The variable `name` as last set, if any.
    pub fn get(&self, name: &str) -> Option<&Arc<Var>> {
        let hash = hash_of(name);
        let mut node = self.root.as_deref()?;
        let mut shift = 0;
        loop {
            match node {
                Node::Leaf { hash: h, vars } => {
                    return if *h == hash {
                        vars.iter().find(|v| &*v.name == name)
                    } else {
                        None
                    };
                }
                Node::Branch { bitmap, children } => {
                    let bit = 1u16 << ((hash >> shift) & MASK);
                    if bitmap & bit == 0 {
                        return None;
                    }
                    let pos = (bitmap & (bit - 1)).count_ones() as usize;
                    node = children.get(pos)?;
                    shift += BITS;
                }
            }
        }
    }

    /// Sets `var.name` to `var`, replacing an earlier value of the same name.
    pub fn insert(&mut self, var: Arc<Var>) {
        let hash = hash_of(&var.name);
        self.root = Some(match self.root.take() {
            None => Arc::new(Node::Leaf {
                hash,
                vars: vec![var],
            }),
            Some(root) => insert(&root, hash, 0, var),
        });
    }
}

fn insert(node: &Arc<Node>, hash: u64, shift: u32, var: Arc<Var>) -> Arc<Node> {
    match &**node {
        Node::Leaf { hash: h, vars } if *h == hash => {
            let mut vars = vars.clone();
            match vars.iter_mut().find(|v| v.name == var.name) {
                Some(slot) => *slot = var,
                None => vars.push(var),
            }
            Arc::new(Node::Leaf { hash, vars })
        }
        Node::Leaf { hash: h, .. } => {
            // two hashes: split into a branch at this level and place both under it
            if shift >= u64::BITS {
                // unreachable for different hashes; keep the old node rather than panic
                return node.clone();
            }
            let bit = 1u16 << ((h >> shift) & MASK);
            let branch = Arc::new(Node::Branch {
                bitmap: bit,
                children: vec![node.clone()],
            });
            insert(&branch, hash, shift, var)
        }
        Node::Branch { bitmap, children } => {
            let bit = 1u16 << ((hash >> shift) & MASK);
            let pos = (bitmap & (bit - 1)).count_ones() as usize;
            let mut children = children.clone();
            if bitmap & bit != 0 {
                if let Some(child) = children.get_mut(pos) {
                    *child = insert(child, hash, shift + BITS, var);
                }
                Arc::new(Node::Branch {
                    bitmap: *bitmap,
                    children,
                })
            } else {
                children.insert(
                    pos,
                    Arc::new(Node::Leaf {
                        hash,
                        vars: vec![var],
                    }),
                );
                Arc::new(Node::Branch {
                    bitmap: bitmap | bit,
                    children,
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn var(name: &str, value: &str) -> Arc<Var> {
        Arc::new(Var {
            name: name.into(),
            value: value.into(),
            span: Span::empty(0),
            stage: None,
            instruction: 0,
            no_default: false,
        })
    }

    #[test]
    fn set_get_and_share() {
        let mut a = Scope::default();
        for i in 0..2000 {
            a.insert(var(&format!("V{i}"), &i.to_string()));
        }
        let mut b = a.clone();
        b.insert(var("V7", "changed"));
        b.insert(var("NEW", "x"));
        assert_eq!(a.get("V7").map(|v| &*v.value), Some("7"));
        assert_eq!(b.get("V7").map(|v| &*v.value), Some("changed"));
        assert!(a.get("NEW").is_none());
        assert_eq!(b.get("NEW").map(|v| &*v.value), Some("x"));
        for i in 0..2000 {
            let want = if i == 7 {
                "changed".to_string()
            } else {
                i.to_string()
            };
            assert_eq!(
                b.get(&format!("V{i}")).map(|v| v.value.to_string()),
                Some(want)
            );
        }
        assert!(b.get("V2000").is_none());
    }
}
