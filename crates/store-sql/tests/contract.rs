//! The store contract, run against both backends; each test gets its own database (see
//! `streamvault_store_sql::testing`).

use std::sync::Arc;
use streamvault_store::contract::TestStore;
use streamvault_store_sql::testing::{fresh_postgres, fresh_sqlite, TestDatabase};
use streamvault_store_sql::{OpenOptions, SqlStore};

async fn migrated(db: TestDatabase) -> TestStore {
    let store = SqlStore::connect(&db.url, &OpenOptions::default())
        .await
        .expect("open");
    store.migrate().await.expect("migrate");
    TestStore {
        store: Arc::new(store),
        guard: Box::new(db),
    }
}

async fn sqlite_store() -> TestStore {
    migrated(fresh_sqlite()).await
}

async fn postgres_store() -> TestStore {
    migrated(fresh_postgres("test").await).await
}

mod sqlite {
    streamvault_store::store_contract_tests!(super::sqlite_store);
}

mod postgres {
    streamvault_store::store_contract_tests!(super::postgres_store);
}
