resource "azurerm_linux_web_app" "app" {}

resource "azurerm_linux_web_app_slot" "staging" {}
