pub mod a;
pub mod b;

#[cfg(test)]
mod tests {
    #[test]
    fn t() {}
}
