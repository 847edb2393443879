export interface OrderRequest {
  userId: string;
  productId: string;
  quantity: number;
  amount: number;
}

export interface Order extends OrderRequest {
  id: string;
}
