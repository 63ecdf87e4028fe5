"""Chat-model seam: the ChatModel protocol, a scripted fake, the LangChain adapter and prompt files."""
